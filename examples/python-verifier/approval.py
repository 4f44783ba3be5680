"""docs/binding.md §14.3 in Python: step 12, a person's approval, verified from the passkeys' public keys.

Only `cryptography` and the standard library: a small CBOR reader for COSE keys (RFC 8949, RFC 9052 §7), WebAuthn
Level 3 §7.2's checks, EdDSA (COSE -8) and ES256 (COSE -7) signatures. `check(req, dec_field, body, value, result,
state, store)` raises Refused with the code of the first failing sub-step, or returns the approval id.
"""
import base64
import hashlib
import json
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

import jcs
from sf import SFError, parse_dictionary

B64URL = re.compile(r"[A-Za-z0-9_-]+")
TARGET = ["agent", "approvalId", "asked", "audience", "decisionId", "digest", "expires", "policyDigest", "tool"]
VOTE = ["approver", "authenticatorData", "clientDataJSON", "comment", "credentialId", "signature"]
PRINTABLE = re.compile(r"[\x20-\x7e]{1,256}")
HEX64 = re.compile(r"[0-9a-f]{64}")


class Refused(Exception):
    def __init__(self, code, why=""):
        super().__init__(f"{code}: {why}")
        self.code = code


def b64u(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64u_enc(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def cbor(data, i=0):
    """RFC 8949 §3: the data items a COSE key holds (integers, byte and text strings, maps). Returns (value, next)."""
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n, i = int.from_bytes(data[i:i + size], "big"), i + size
    else:
        raise ValueError("indefinite or reserved length")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major in (2, 3):
        chunk = data[i:i + n]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), i + n
    if major == 5:
        m = {}
        for _ in range(n):
            k, i = cbor(data, i)
            m[k], i = cbor(data, i)
        return m, i
    raise ValueError("not a COSE key item")


def verify_signature(cose, sig, data):
    """RFC 9053: OKP/Ed25519 with alg -8 (raw 64 bytes), or EC2/P-256 with alg -7 (ECDSA SHA-256, DER)."""
    key, end = cbor(cose)
    if end != len(cose):
        raise ValueError("trailing bytes after the COSE key")
    if key.get(1) == 1 and key.get(3) == -8 and key.get(-1) == 6:
        Ed25519PublicKey.from_public_bytes(key[-2]).verify(sig, data)
    elif key.get(1) == 2 and key.get(3) == -7 and key.get(-1) == 1:
        pub = ec.EllipticCurvePublicNumbers(int.from_bytes(key[-2], "big"), int.from_bytes(key[-3], "big"), ec.SECP256R1()).public_key()
        pub.verify(sig, data, ec.ECDSA(hashes.SHA256()))
    else:
        raise ValueError("a COSE key of another type or algorithm")


def canonical_b64u(s):
    return isinstance(s, str) and B64URL.fullmatch(s) is not None and b64u_enc(b64u(s)) == s


def members(d):
    """12a: the approval members of Verbatim-Decision, or None when it has neither; Refused when they are malformed."""
    if "approval" not in d and "approvers" not in d:
        return None
    a, lst = d.get("approval"), d.get("approvers")
    if a is None or a[0] != "item" or a[1][0] != "s" or a[1][1] == "":
        raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "approval")
    if lst is None or lst[0] != "list" or len(lst[1]) == 0:
        raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "approvers")
    out = []
    for (kind, name), params in lst[1]:
        cred, asn = params.get("cred"), params.get("asn")
        if kind != "s" or name == "" or cred is None or cred[0] != "b" or len(cred[1]) == 0 or asn is None or asn[0] != "b" or len(asn[1]) != 32:
            raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "an approver")
        out.append((name, b64u_enc(cred[1]), asn[1].hex()))
    return a[1][1], out


def evidence(field):
    """12b: the Verbatim-Approval header, read one way."""
    v = field.strip(" \t")
    m = re.fullmatch(r":([A-Za-z0-9+/]*={0,2}):", v)
    if len(v) > 16384 or m is None or base64.b64encode(base64.b64decode(m.group(1))).decode() != m.group(1):
        raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "not a canonical Byte Sequence")
    raw = base64.b64decode(m.group(1))
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeError):
        raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "not UTF-8 JSON")
    if jcs.jcs(doc).encode("utf-8") != raw:
        raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "not RFC 8785")
    if not isinstance(doc, dict) or sorted(doc) != ["approval", "approvals"] or not isinstance(doc["approval"], dict) or not isinstance(doc["approvals"], list) or not doc["approvals"]:
        raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "shape")
    t = doc["approval"]
    ints = all(isinstance(t.get(k), int) and not isinstance(t.get(k), bool) and t[k] >= 0 for k in ("asked", "expires"))
    strs = all(isinstance(t.get(k), str) and PRINTABLE.fullmatch(t[k]) for k in ("approvalId", "decisionId", "agent", "tool", "audience"))
    if sorted(t) != TARGET or not ints or not strs or t["expires"] <= t["asked"] or not all(HEX64.fullmatch(str(t[k])) for k in ("digest", "policyDigest")):
        raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "target")
    for v in doc["approvals"]:
        if not isinstance(v, dict) or sorted(v) != VOTE or not all(isinstance(v[k], str) for k in VOTE):
            raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "vote")
        if not all(canonical_b64u(v[k]) for k in ("credentialId", "clientDataJSON", "authenticatorData", "signature")):
            raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "base64url")
        if len(v["comment"]) > 500 or re.search(r"[\x00-\x1f\x7f]", v["comment"]):
            raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "comment")
    return t, doc["approvals"]


def sha256_hex(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def assertion_digest(v):
    return sha256_hex(jcs.jcs({k: v[k] for k in ("authenticatorData", "clientDataJSON", "credentialId", "signature")}))


def challenge(t, comment):
    subject = dict(t, context="verbatim-approval-v1", action="approve", comment=comment)
    return b64u_enc(hashlib.sha256(jcs.jcs(subject).encode("utf-8")).digest())


def assertion_ok(v, key, chal, trust):
    """12f: WebAuthn Level 3 §7.2, the checks without server state, then the signature."""
    try:
        c = json.loads(b64u(v["clientDataJSON"]).decode("utf-8"))
    except (ValueError, UnicodeError):
        return False
    if not isinstance(c, dict) or c.get("type") != "webauthn.get" or c.get("challenge") != chal or c.get("origin") not in trust["origins"]:
        return False
    if c.get("crossOrigin") is True or "topOrigin" in c:
        return False
    ad = b64u(v["authenticatorData"])
    if len(ad) < 37 or ad[:32] != hashlib.sha256(trust["rpId"].encode()).digest() or not ad[32] & 0x01:
        return False
    if trust.get("userVerification", "required") == "required" and not ad[32] & 0x04:
        return False
    try:
        verify_signature(b64u(key["publicKey"]), b64u(v["signature"]), ad + hashlib.sha256(b64u(v["clientDataJSON"])).digest())
        return True
    except (InvalidSignature, ValueError, KeyError, IndexError):
        return False


def approval_digest(body, value, profile):
    """§14.1: the body; under profile mcp, the message without its id."""
    if profile != "mcp":
        return hashlib.sha256(body).hexdigest()
    return sha256_hex(jcs.jcs({k: x for k, x in value.items() if k != "id"}))


def check(header, dec_field, body, value, result, state, store, restarted):
    """Step 12 (§14.3). Returns None when no requirement covers the tool."""
    a = state["approvals"]
    req = next((r for r in a["require"] if any(result["tool"].startswith(p[:-1]) if p.endswith("*") else p == result["tool"] for p in r["tools"])), None)
    if req is None:
        return None
    try:
        bound = members(parse_dictionary(dec_field))  # 12a
    except SFError:
        raise Refused("ERR_GUARD_APPROVAL_MALFORMED", "decision")
    if bound is None or header("verbatim-approval") is None:
        raise Refused("ERR_GUARD_APPROVAL_MISSING")
    t, votes = evidence(header("verbatim-approval"))  # 12b
    digest = approval_digest(body, value, state.get("profile"))
    if t["approvalId"] != bound[0] or any(t[k] != result[k] for k in ("agent", "tool", "audience")) or t["digest"] != digest:  # 12c
        raise Refused("ERR_GUARD_APPROVAL_MISMATCH")
    if len(votes) != len(bound[1]) or any((v["approver"], v["credentialId"], assertion_digest(v)) != b for v, b in zip(votes, bound[1])):
        raise Refused("ERR_GUARD_APPROVAL_MISMATCH", "assertions")
    now, skew = state["now"], state["skewSeconds"]
    if now > t["expires"] + skew or t["asked"] > now + skew:  # 12d
        raise Refused("ERR_GUARD_APPROVAL_EXPIRED")
    trust = a["trust"]
    if len({v["approver"] for v in votes}) != len(votes):  # 12e
        raise Refused("ERR_GUARD_APPROVAL_MISMATCH", "an approver twice")
    keys = []
    for v in votes:
        key = next((c for c in trust["approvers"].get(v["approver"], {}).get("credentials", []) if c["id"] == v["credentialId"]), None)
        if key is None:
            raise Refused("ERR_GUARD_APPROVAL_UNTRUSTED")
        keys.append(key)
    for v, key in zip(votes, keys):  # 12f
        if not assertion_ok(v, key, challenge(t, v["comment"]), trust):
            raise Refused("ERR_GUARD_APPROVAL_INVALID")
    if sum(1 for v in votes if req["group"] in trust["approvers"][v["approver"]].get("groups", [])) < req["approvers"]:  # 12g
        raise Refused("ERR_GUARD_APPROVAL_UNTRUSTED", "too few of the group")
    if restarted is not None and t["asked"] <= restarted + skew:  # 12h
        raise Refused("ERR_GUARD_BEFORE_START", "asked before the store could know")
    if "approval:" + t["approvalId"] in store:
        raise Refused("ERR_GUARD_APPROVAL_REPLAY")
    store.add("approval:" + t["approvalId"])
    return t["approvalId"]
