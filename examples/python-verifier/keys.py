"""docs/binding.md §9 and §12 in Python: signing-key files, JWK Set files, and the gate's check of a receipt.

Only `cryptography` and the standard library. Each function returns its result or raises Refused with the code.
"""
import base64
import json
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_private_key

import jcs
from binding import Refused, b64url, find_key, key_problem, thumbprint

RECEIPT_TYP = "verbatim-receipt+jws"
B64URL_PART = re.compile(r"[A-Za-z0-9_-]+")


def load_signing_key(pem):
    """A PKCS#8 PEM Ed25519 private key; returns its kid (RFC 7638 thumbprint), else ERR_BINDING_KEY."""
    try:
        key = load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as e:
        raise Refused("ERR_BINDING_KEY", str(e))
    except Exception as e:  # unsupported algorithms raise their own types
        raise Refused("ERR_BINDING_KEY", type(e).__name__)
    if not isinstance(key, Ed25519PrivateKey):
        raise Refused("ERR_BINDING_KEY", "not an Ed25519 private key")
    x = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return thumbprint(base64.urlsafe_b64encode(x).rstrip(b"=").decode())


def read_key_set(text):
    """A JWK Set file: returns the kids of its usable keys, in order, else ERR_CONFIG_INVALID."""
    try:
        doc = json.loads(text)
    except ValueError:
        raise Refused("ERR_CONFIG_INVALID", "not JSON")
    if not isinstance(doc, dict):
        raise Refused("ERR_CONFIG_INVALID", "not a JWK Set")
    if "keys" not in doc and "kty" in doc:
        raise Refused("ERR_CONFIG_INVALID", "a single JWK, not a JWK Set")
    if not isinstance(doc.get("keys"), list):
        raise Refused("ERR_CONFIG_INVALID", "not a JWK Set")
    usable = [k["kid"] for k in doc["keys"] if key_problem(k) is None]
    if not usable:
        raise Refused("ERR_CONFIG_INVALID", "no usable Ed25519 key")
    return usable


def is_int(v):
    """§12 step 7: written as a JSON integer (jcs.number gives an int only then) and a safe one."""
    return isinstance(v, int) and not isinstance(v, bool) and abs(v) <= 2**53 - 1


def canonical_part(p):
    """§12 step 2: base64url without padding, exactly as encoding its bytes writes it."""
    if not B64URL_PART.fullmatch(p) or len(p) % 4 == 1:
        return None
    raw = b64url(p)
    return raw if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() == p else None


def json_object(raw):
    """§12 step 3: the strict parse of docs/canonical.md, and a JSON object."""
    try:
        v = jcs.strict_value(raw)
    except jcs.NotCanonical:
        return None
    return v if isinstance(v, dict) else None


def check_receipt(header, expected, keys):
    """§12, steps 1-8 in order: returns the claims, else ERR_GUARD_RECEIPT_INVALID."""
    def invalid(why):
        return Refused("ERR_GUARD_RECEIPT_INVALID", why)
    if not header:  # 1
        raise invalid("no receipt")
    parts = header.split(".")
    raw = [canonical_part(p) for p in parts]
    if len(parts) != 3 or any(r is None for r in raw):  # 2
        raise invalid("not a compact JWS in canonical base64url")
    head, claims = json_object(raw[0]), json_object(raw[1])
    if head is None or claims is None:  # 3
        raise invalid("header or payload is not a JSON object that parses one way")
    if head.get("alg") != "EdDSA" or head.get("typ") != RECEIPT_TYP or not isinstance(head.get("kid"), str) or "crit" in head:  # 4
        raise invalid("header")
    jwk = find_key(keys, head["kid"])  # 5
    if jwk is None:
        raise invalid("untrusted kid")
    sig = raw[2]
    try:  # 6
        if len(sig) != 64:
            raise InvalidSignature()
        Ed25519PublicKey.from_public_bytes(b64url(jwk["x"])).verify(sig, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (InvalidSignature, ValueError):
        raise invalid("signature")
    ok = isinstance(claims.get("decisionId"), str) and isinstance(claims.get("aud"), str) \
        and isinstance(claims.get("digest"), str) and re.fullmatch(r"[0-9a-f]{64}", claims["digest"]) \
        and is_int(claims.get("status")) and is_int(claims.get("ts"))
    if not ok:  # 7
        raise invalid("claims")
    for k in ("decisionId", "digest", "aud", "status"):  # 8
        if claims[k] != expected[k]:
            raise invalid(k)
    return claims
