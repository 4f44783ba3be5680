#!/usr/bin/env python3
"""Verbatim binding verifier in Python, for teams not using TypeScript (docs/guard.md walkthrough).

Checks docs/binding-vectors.json using only `cryptography` and the standard library:
the positive vector must verify, each negative vector must fail with its expected code.
Usage: python3 verify.py [path/to/binding-vectors.json]    exit 0 when every vector agrees.
"""
import base64, hashlib, hmac, json, re, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.exceptions import InvalidSignature

TAG, ALG = "verbatim-v1", "ed25519"
COMPONENTS = ["@method", "@path", "@query", "content-digest", "verbatim-decision"]
PARAMS = ["created", "expires", "nonce", "keyid", "alg", "tag"]


class Refused(Exception):
    def __init__(self, code, why=""):
        super().__init__(f"{code}: {why}")
        self.code = code


# --- a minimal RFC 8941 parser: just what the profile uses ------------------------------------------
class SF:
    def __init__(self, s):
        self.s, self.i = s, 0

    def peek(self):
        return self.s[self.i] if self.i < len(self.s) else ""

    def ows(self):
        while self.peek() in (" ", "\t") and self.peek():
            self.i += 1

    def key(self):
        m = re.compile(r"[a-z*][a-z0-9_.*-]*").match(self.s, self.i)
        if not m:
            raise ValueError("key")
        self.i = m.end()
        return m.group()

    def bare(self):  # RFC 8941 §4.2.3.1
        c = self.peek()
        if c == '"':
            m = re.compile(r'"((?:[^"\\]|\\["\\])*)"').match(self.s, self.i)
            if not m or any(ord(ch) < 0x20 or ord(ch) > 0x7E for ch in m.group(1)):
                raise ValueError("string")
            self.i = m.end()
            return ("s", re.sub(r'\\(["\\])', r"\1", m.group(1)))
        if c == ":":
            j = self.s.index(":", self.i + 1)
            raw = self.s[self.i + 1 : j]
            self.i = j + 1
            return ("b", base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True))
        if c == "?":
            self.i += 2
            return ("?", self.s[self.i - 1] == "1")
        m = re.compile(r"-?[0-9]{1,15}(?![.0-9])").match(self.s, self.i)
        if m:
            self.i = m.end()
            return ("i", int(m.group()))
        m = re.compile(r"[A-Za-z*][A-Za-z0-9:/!#$%&'*+.^_`|~-]*").match(self.s, self.i)
        if m:
            self.i = m.end()
            return ("t", m.group())
        raise ValueError("item")

    def params(self):
        p = {}
        while self.peek() == ";":
            self.i += 1
            self.ows()
            k = self.key()
            v = ("?", True)
            if self.peek() == "=":
                self.i += 1
                v = self.bare()
            p[k] = v
        return p

    def member(self):
        if self.peek() == "(":
            self.i += 1
            items = []
            while True:
                self.ows()
                if self.peek() == ")":
                    self.i += 1
                    return ("list", items, self.params())
                items.append((self.bare(), self.params()))
                if self.peek() not in (" ", ")"):
                    raise ValueError("inner list")
        return ("item", self.bare(), self.params())

    def dictionary(self):  # RFC 8941 §4.2.2
        d = {}
        while self.i < len(self.s):
            k = self.key()
            d[k] = self.member() if self.peek() == "=" and not setattr(self, "i", self.i + 1) else ("item", ("?", True), self.params())
            self.ows()
            if self.i >= len(self.s):
                break
            if self.peek() != ",":
                raise ValueError("dictionary")
            self.i += 1
            self.ows()
        return d


def ser_bare(v):  # RFC 8941 §4.1
    t, x = v
    return {"s": lambda: '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"', "i": lambda: str(x),
            "t": lambda: x, "b": lambda: ":" + base64.b64encode(x).decode() + ":", "?": lambda: "?1" if x else "?0"}[t]()


def ser_inner(items, params):
    out = "(" + " ".join(ser_bare(v) + ser_params(p) for v, p in items) + ")"
    return out + ser_params(params)


def ser_params(p):
    return "".join(";" + k + ("" if v == ("?", True) else "=" + ser_bare(v)) for k, v in p.items())


def dict_of(value, name):
    try:
        return SF(value).dictionary()
    except (ValueError, IndexError):
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", f"{name} is not a dictionary")


# --- docs/binding.md §6, steps 1 to 11, in order -------------------------------------------------------
def verify(method, path, query, headers, body, now, audience, keys, seen, skew=30, max_ttl=300, started_at=None):
    h = {k.lower(): v.strip(" \t") for k, v in headers.items()}
    if "signature-input" not in h or "signature" not in h:
        raise Refused("ERR_GUARD_SIGNATURE_MISSING")
    inputs, sigs = dict_of(h["signature-input"], "Signature-Input"), dict_of(h["signature"], "Signature")
    ours = [(k, m) for k, m in inputs.items() if m[0] == "list" and m[2].get("tag") == ("s", TAG)]  # 1
    if not ours:
        raise Refused("ERR_GUARD_SIGNATURE_MISSING")
    if len(ours) > 1:
        raise Refused("ERR_GUARD_SIGNATURE_MULTIPLE")
    label, (_, items, p) = ours[0]
    sig = sigs.get(label)
    if sig is None:
        raise Refused("ERR_GUARD_SIGNATURE_MULTIPLE", "labels do not pair up")
    if sig[0] != "item" or sig[1][0] != "b":
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED")
    if label != "verbatim":  # profile rule: the label is fixed
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED", "label must be verbatim")
    if sorted(p) != sorted(PARAMS) or [v for v, ip in items if not ip] != [("s", c) for c in COMPONENTS] or len(items) != 5:  # 2
        raise Refused("ERR_GUARD_PARAMS_MISSING")
    if "content-digest" not in h or "verbatim-decision" not in h:
        raise Refused("ERR_GUARD_PARAMS_MISSING")
    cd = dict_of(h["content-digest"], "Content-Digest").get("sha-256")
    if cd is None or cd[1][0] != "b" or len(cd[1][1]) != 32:
        raise Refused("ERR_GUARD_SIGNATURE_MALFORMED")
    dec = {k: m[1][1] for k, m in dict_of(h["verbatim-decision"], "Verbatim-Decision").items() if m[0] == "item"}
    if any(k not in dec for k in ("id", "agent", "tool", "policy", "aud")):
        raise Refused("ERR_GUARD_PARAMS_MISSING")
    prm = {k: v[1] for k, v in p.items()}
    if prm["alg"] != ALG:  # 3
        raise Refused("ERR_GUARD_ALG_UNSUPPORTED")
    created, expires = prm["created"], prm["expires"]  # 4
    if expires <= created or expires - created > max_ttl or created > now + skew:
        raise Refused("ERR_GUARD_NOT_YET_VALID")
    if now > expires + skew:
        raise Refused("ERR_GUARD_EXPIRED")
    if started_at is not None and created < started_at - skew:
        raise Refused("ERR_GUARD_BEFORE_START")
    jwk = next((k for k in keys if k.get("kid") == prm["keyid"] and k.get("kty") == "OKP" and k.get("crv") == "Ed25519"), None)  # 5
    if jwk is None:
        raise Refused("ERR_GUARD_KEY_UNKNOWN")
    values = {"@method": method, "@path": path or "/", "@query": query if query.startswith("?") else "?" + query,
              "content-digest": h["content-digest"], "verbatim-decision": h["verbatim-decision"]}
    base = "\n".join(f'"{c}": {values[c]}' for c in COMPONENTS) + '\n"@signature-params": ' + ser_inner(items, p)  # RFC 9421 §2.5
    x = base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4))
    try:  # 6, RFC 9421 §3.3.6
        Ed25519PublicKey.from_public_bytes(x).verify(sig[1][1], base.encode("ascii"))
    except (InvalidSignature, ValueError):
        raise Refused("ERR_GUARD_SIGNATURE_INVALID")
    if not hmac.compare_digest(hashlib.sha256(body).digest(), cd[1][1]):  # 7, over the raw bytes
        raise Refused("ERR_GUARD_DIGEST_MISMATCH")
    if dec["aud"] != audience:  # 8
        raise Refused("ERR_GUARD_AUDIENCE")
    if method != "POST" or not path.endswith("/v1/tools/" + dec["tool"]):  # 9
        raise Refused("ERR_GUARD_TARGET_MISMATCH")
    if prm["nonce"] in seen:  # 10: only after the signature verified
        raise Refused("ERR_GUARD_REPLAY")
    seen.add(prm["nonce"])

    def no_dups(pairs):
        if len({k for k, _ in pairs}) != len(pairs):
            raise ValueError("duplicate key")
        return dict(pairs)
    try:  # 11: a stand-in for RFC 8785 that is exact for ASCII keys, strings and integers only
        value = json.loads(body.decode("utf-8"), object_pairs_hook=no_dups)
        again = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    except ValueError:
        raise Refused("ERR_GUARD_NOT_CANONICAL")
    if again != body:
        raise Refused("ERR_GUARD_NOT_CANONICAL")
    return {"decisionId": dec["id"], "agent": dec["agent"], "tool": dec["tool"], "value": value}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "docs/binding-vectors.json"
    v = json.load(open(path))
    failures = 0
    i, vf = v["input"], v["verifier"]
    try:
        ok = verify(i["method"], i["path"], i["query"], v["expected"]["headers"], base64.b64decode(i["bodyBase64"]), vf["now"], vf["audience"], v["jwks"]["keys"], set())
        print(f"ok   positive vector verifies: decision {ok['decisionId']}, tool {ok['tool']}")
    except Refused as e:
        failures += 1
        print(f"FAIL positive vector refused: {e}")
    for n in v["negative"]:
        r, nv = n["request"], n["verifier"]
        try:
            verify(r["method"], r["path"], r["query"], r["headers"], base64.b64decode(r["bodyBase64"]), nv["now"], nv["audience"], nv["keys"], set())
            got = "accepted"
        except Refused as e:
            got = e.code
        good = got == n["expectCode"]
        failures += 0 if good else 1
        print(f"{'ok  ' if good else 'FAIL'} {n['name']}: {got}" + ("" if good else f" (expected {n['expectCode']})"))
    print(f"{len(v['negative']) + 1 - failures}/{len(v['negative']) + 1} vectors agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
