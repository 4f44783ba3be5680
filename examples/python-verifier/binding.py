"""docs/binding.md §6 in Python: the method and body pre-checks and steps 0 to 12, in order, each with its code (§11 line for line).

Only `cryptography` and the standard library. `verify(request, state)` returns the value the tool may run on, or raises
Refused with the code of the first failing step. `state["profile"]` "mcp" selects the MCP profile of §13 (mcp.py).
"""
import base64
import hashlib
import hmac
import json
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

import approval
import jcs
import mcp
from sf import SFError, member_key, parse_dictionary, serialize_inner_list, split_members

TAG, ALG, LABEL = "verbatim-v1", "ed25519", "verbatim"
COMPONENTS = ["@method", "@path", "@query", "content-digest", "verbatim-decision"]
PARAMS = ["created", "expires", "nonce", "keyid", "alg", "tag"]
JSON_TYPE = re.compile(r'application/json[ \t]*(;[ \t]*charset[ \t]*=[ \t]*(utf-8|"utf-8")[ \t]*)?', re.I)
NONCE = re.compile(r"[A-Za-z0-9_-]{22,}")


Refused = approval.Refused


def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def thumbprint(x, crv="Ed25519"):  # RFC 7638 §3.2: required members, sorted, no whitespace
    return base64.urlsafe_b64encode(hashlib.sha256(json.dumps({"crv": crv, "kty": "OKP", "x": x}, separators=(",", ":")).encode()).digest()).rstrip(b"=").decode()


def key_problem(k):
    """docs/binding.md §9: why a JWK is not a usable Ed25519 verification key, or None."""
    if not isinstance(k, dict):
        return "not an object"
    if k.get("kty") != "OKP" or k.get("crv") != "Ed25519":
        return "not Ed25519"
    x = k.get("x")
    if not isinstance(x, str) or not re.fullmatch(r"[A-Za-z0-9_-]{43}", x) or base64.urlsafe_b64encode(b64url(x)).rstrip(b"=").decode() != x:
        return "x is not 32 bytes in canonical base64url"
    if "d" in k:
        return "private member d"
    if "alg" in k and k["alg"] != "EdDSA":
        return "alg"
    if "use" in k and k["use"] != "sig":
        return "use"
    if "key_ops" in k and k["key_ops"] != ["verify"]:
        return "key_ops"
    if "kid" not in k or k["kid"] != thumbprint(x):
        return "kid is not the thumbprint"
    return None


def find_key(keys, kid):
    return next((k for k in keys if key_problem(k) is None and k["kid"] == kid), None)


def dictionary(value):
    try:
        return parse_dictionary(value)
    except (SFError, IndexError, ValueError):
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", "not a dictionary")


def item(d, key, kind):
    """Step 2i: a decision member that is an item of the given kind."""
    if key not in d:
        raise Refused("ERR_GUARD_PARAMS_MISSING", f"no {key}")
    m = d[key]
    if m[0] != "item" or m[1][0] != kind or (kind == "s" and m[1][1] == "") or (kind == "b" and len(m[1][1]) != 32):
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", key)
    return m[1][1]


def zero_fraction(items, params):
    values = [v for v, _ in items] + list(params.values()) + [v for _, p in items for v in p.values()]
    return any(k == "d" and re.fullmatch(r"-?[0-9]+\.0+", x) for k, x in values)


def select(header):
    """Step 1: exactly one signature tagged verbatim-v1, written one way. Returns (inner list items, params, bytes)."""
    si, sg = header("signature-input"), header("signature")
    if not si or not sg:  # 1a
        raise Refused("ERR_GUARD_SIGNATURE_MISSING")
    inputs, sigs = dictionary(si), dictionary(sg)  # 1b
    ours = [(label, m) for label, m in inputs.items() if m[0] == "list" and m[2].get("tag") == ("s", TAG)]  # 1c
    if not ours:
        raise Refused("ERR_GUARD_SIGNATURE_MISSING")
    if len(ours) > 1:
        raise Refused("ERR_GUARD_SIGNATURE_MULTIPLE")
    label, (_, items, params) = ours[0]
    if label not in sigs:  # 1d
        raise Refused("ERR_GUARD_SIGNATURE_MULTIPLE", "labels do not pair up")
    if sigs[label][0] != "item" or sigs[label][1][0] != "b":
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED")
    sig = sigs[label][1][1]
    if label != LABEL:  # 1e
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", "label")
    if [m for m in split_members(sg) if member_key(m) == label] != [label + "=:" + base64.b64encode(sig).decode() + ":"]:  # 1f
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", "Signature spelling")
    written = [m for m in split_members(si) if member_key(m) == label]
    if written != [label + "=" + serialize_inner_list(items, params)] or zero_fraction(items, params):  # 1g
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", "Signature-Input spelling")
    return items, params, sig


def target_mcp(req, dec, body):
    """Step 9 under profile mcp (§13.4, a-i). Returns the strictly parsed value of a POST body, or None."""
    method, header = req["method"], req["header"]
    if method not in ("POST", "GET", "DELETE"):  # 9a
        raise Refused("ERR_GUARD_TARGET_MISMATCH", "method")
    message, value = None, None
    if method in ("GET", "DELETE"):
        if len(body) != 0:  # 9b
            raise Refused("ERR_GUARD_TARGET_MISMATCH", "a body on " + method)
    else:
        try:  # 9c: the strict parse of step 11, moved up
            value = jcs.strict_value(body)
        except jcs.NotCanonical as e:
            raise Refused("ERR_GUARD_NOT_CANONICAL", str(e))
        try:
            kind, msg = mcp.read_rpc(value)
            suffix, name = mcp.suffix_of(kind, msg)
        except mcp.NotMcp as e:
            raise Refused("ERR_GUARD_TARGET_MISMATCH", str(e))
        message = (kind, msg, suffix, name)
    try:  # 9d-9i
        mcp.check_target(method, dec, header, message)
        mcp.check_param_headers(dec, header, req["names"])
    except mcp.NotMcp as e:
        raise Refused("ERR_GUARD_TARGET_MISMATCH", str(e))
    return value


def verify(req, state, store):
    """req: method, path, query, header(name), body. state: the vector's verifier state. store: a set of nonces, or None."""
    header, body = req["header"], req["body"]
    if not re.fullmatch(r"[A-Z]+", req["method"]):  # M: the method, before the body
        raise Refused("ERR_INTAKE_MALFORMED_HTTP")
    is_mcp = state.get("profile", "tools") == "mcp"
    bodiless = is_mcp and req["method"] in ("GET", "DELETE")
    if bodiless:  # B: no body is read; one declared is a framing fault
        if len(body) != 0:
            raise Refused("ERR_INTAKE_LENGTH_MISMATCH")
    elif len(body) > state["maxBodyBytes"]:
        raise Refused("ERR_INTAKE_TOO_LARGE")
    elif len(body) == 0:
        raise Refused("ERR_INTAKE_EMPTY_BODY")
    ct = header("content-type")  # 0, skipped for a bodiless MCP GET or DELETE
    if not (bodiless and len(body) == 0) and (ct is None or not JSON_TYPE.fullmatch(ct.strip())):
        raise Refused("ERR_GUARD_CONTENT_TYPE")
    items, p, sig = select(header)  # 1
    if any(k not in PARAMS for k in p) or any(k not in p for k in PARAMS):  # 2a, 2b
        raise Refused("ERR_GUARD_PARAMS_MISSING")
    for k in PARAMS:  # 2c
        kind, x = p[k]
        if (k in ("created", "expires") and (kind != "i" or x < 0)) or (k not in ("created", "expires") and (kind != "s" or x == "")):
            raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", k)
    prm = {k: v[1] for k, v in p.items()}
    if not NONCE.fullmatch(prm["nonce"]):  # 2d
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", "nonce")
    if [v for v, ip in items if not ip] != [("s", c) for c in COMPONENTS] or len(items) != len(COMPONENTS):  # 2e
        raise Refused("ERR_GUARD_PARAMS_MISSING", "components")
    cd_field, dec_field = header("content-digest"), header("verbatim-decision")
    if cd_field is None or dec_field is None:  # 2f, 2g
        raise Refused("ERR_GUARD_PARAMS_MISSING")
    cd = dictionary(cd_field).get("sha-256")  # 2h
    if cd is None or cd[0] != "item" or cd[1][0] != "b" or len(cd[1][1]) != 32:
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", "content-digest")
    d = dictionary(dec_field)  # 2i
    dec = {k: item(d, k, "b" if k == "policy" else "s") for k in ("id", "agent", "tool", "policy", "aud")}
    dec.update({k: item(d, k, "s") for k in ("session", "protocol") if k in d})  # optional, MCP (§3.2)
    if "param-headers" in d:  # optional, MCP (§3.2): a SHA-256
        dec["param-headers"] = item(d, "param-headers", "b")
    q = req["query"][1:] if req["query"].startswith("?") else req["query"]
    values = {"@method": req["method"], "@path": req["path"] or "/", "@query": "?" + q, "content-digest": cd_field, "verbatim-decision": dec_field}
    if any(not re.fullmatch(r"[\x20-\x7e]*", v) for v in values.values()):  # 2j
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", "a byte the base cannot carry")
    if prm["alg"] != ALG:  # 3
        raise Refused("ERR_GUARD_ALG_UNSUPPORTED")
    created, expires, now, skew = prm["created"], prm["expires"], state["now"], state["skewSeconds"]
    if expires <= created or expires - created > state["maxTtlSeconds"] or created > now + skew:  # 4
        raise Refused("ERR_GUARD_NOT_YET_VALID")
    if now > expires + skew:
        raise Refused("ERR_GUARD_EXPIRED")
    jwk = find_key(state["keys"], prm["keyid"])  # 5
    if jwk is None:
        raise Refused("ERR_GUARD_KEY_UNKNOWN")
    base = "\n".join(f'"{c}": {values[c]}' for c in COMPONENTS) + '\n"@signature-params": ' + serialize_inner_list(items, p)
    try:  # 6, RFC 9421 §3.3.6
        if len(sig) != 64:
            raise InvalidSignature()
        Ed25519PublicKey.from_public_bytes(b64url(jwk["x"])).verify(sig, base.encode("ascii"))
    except (InvalidSignature, ValueError):
        raise Refused("ERR_GUARD_SIGNATURE_INVALID")
    if not hmac.compare_digest(hashlib.sha256(body).digest(), cd[1][1]):  # 7
        raise Refused("ERR_GUARD_DIGEST_MISMATCH")
    if dec["aud"] != state["audience"]:  # 8
        raise Refused("ERR_GUARD_AUDIENCE")
    parsed = None
    if is_mcp:  # 9, §13.4
        parsed = target_mcp(req, dec, body)
    elif req["method"] != "POST" or not req["path"].endswith("/v1/tools/" + dec["tool"]):  # 9
        raise Refused("ERR_GUARD_TARGET_MISMATCH")
    if state.get("startedAt") is not None and created <= state["startedAt"] + skew:  # 10a
        raise Refused("ERR_GUARD_BEFORE_START")
    if store is None:  # 10b: the hold time, max(expires + skew - now, 1) + 1 s, matters to a real store only
        raise Refused("ERR_GUARD_REPLAY_STORE")
    if prm["nonce"] in store:
        raise Refused("ERR_GUARD_REPLAY")
    store.add(prm["nonce"])
    result = {"decisionId": dec["id"], "agent": dec["agent"], "tool": dec["tool"]}
    if bodiless and len(body) == 0:  # 11: nothing to parse; the executor gets no value
        return {**result, "value": None}
    try:  # 11
        value = jcs.canonical_value(body) if parsed is None else jcs.canonical_value(body, parsed)
    except jcs.NotCanonical as e:
        raise Refused("ERR_GUARD_NOT_CANONICAL", str(e))
    if state.get("approvals") is not None:  # 12, §14.3
        result = {**result, "audience": dec["aud"]}
        approval.check(header, dec_field, body, value, result, state, store, state.get("startedAt"))
    return {**result, "value": value}
