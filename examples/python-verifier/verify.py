#!/usr/bin/env python3
"""A Verbatim verifier in Python, written from docs/binding.md alone (the proof that the spec is enough).

Checks every vector of docs/binding-vectors.json: requests (binding.py, §6, mcp.py for the MCP profile, §13, and
approval.py for a person's approval, §14),
receipts, signing keys and key sets (keys.py, §9 and §12). Only `cryptography` and the standard library.
Usage: python3 verify.py [path/to/binding-vectors.json]   prints one line per vector and exits 0 when all agree.
"""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from binding import Refused, verify  # noqa: E402
from keys import check_receipt, load_signing_key, read_key_set  # noqa: E402


def outcome(run):
    try:
        return "accept", run()
    except Refused as e:
        return e.code, None


def request_of(r):
    h = {k.lower(): v for k, v in r["headers"].items()}

    def header(name):
        v = h.get(name)
        return None if v is None else v.strip(" \t")  # RFC 9110 §5.5
    return {"method": r["method"], "path": r["path"], "query": r["query"], "header": header, "names": list(h), "body": base64.b64decode(r["bodyBase64"])}


def run_request(vec):
    state = vec["verifier"]
    store = None if state.get("replayStore") == "unavailable" else set(state.get("seenNonces", [])) | {"approval:" + a for a in state.get("seenApprovals", [])}
    got, result = outcome(lambda: verify(request_of(vec["request"]), state, store))
    return got, (result or {}).get("value")


def main():
    v = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "docs/binding-vectors.json", encoding="utf-8"))
    results = []
    for vec in v["requests"]:
        got, value = run_request(vec)
        results.append(("request", vec["name"], vec["expect"], got, got != "accept" or value == vec["value"]))
    for vec in v["receipts"]["vectors"]:
        got, claims = outcome(lambda: check_receipt(vec["header"], vec["expected"], vec["keys"]))
        results.append(("receipt", vec["name"], vec["expect"], got, got != "accept" or claims == vec["claims"]))
    for vec in v["signingKeys"]:
        got, kid = outcome(lambda: load_signing_key(vec["pem"]))
        results.append(("signing key", vec["name"], vec["expect"], got, got != "accept" or kid == vec["kid"]))
    for vec in v["keySets"]:
        got, kids = outcome(lambda: read_key_set(vec["text"]))
        results.append(("key set", vec["name"], vec["expect"], got, got != "accept" or kids == vec["usableKids"]))
    failures = 0
    for kind, name, want, got, same in results:
        good = got == want and same
        failures += 0 if good else 1
        print(f"{'ok  ' if good else 'FAIL'} {kind}: {name}: {got}" + ("" if good else f" (expected {want})"))
    counts = {kind: sum(1 for r in results if r[0] == kind) for kind in ("request", "receipt", "signing key", "key set")}
    print(", ".join(f"{n} {kind} vectors" for kind, n in counts.items()))
    profiles = ["approvals" if "approvals" in vec["verifier"] else vec["verifier"].get("profile", "tools") for vec in v["requests"]]
    agree = [r[3] == r[2] and r[4] for r in results if r[0] == "request"]
    for p in ("tools", "mcp", "approvals"):
        n = sum(1 for q in profiles if q == p)
        print(f"profile {p}: {sum(1 for q, ok in zip(profiles, agree) if q == p and ok)}/{n} request vectors agree")
    print(f"{len(results) - failures}/{len(results)} vectors agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
