/** @module binding/doc-state: sections 8 and 9 of docs/binding.md: single-use nonces, the restart rule, keys. */

/** Section 8: nonces, their hold time, and the restart rule. */
export function specNonces(): string[] {
  return [
    '## 8. Single-use nonces and restarts',
    '',
    'Every binding carries a fresh 128-bit `nonce`. A guard accepts each nonce once. At step 10b it claims the nonce for',
    '`max(expires + skew - now, 1) + 1` seconds from the claim: the rest of the window plus the skew, plus one second,',
    'because the window is checked in whole seconds and stays open through all of second `expires + skew`. After that the',
    'window check (step 4) alone refuses a replay. With Redis the claim is `SET verbatim:nonce:<nonce> 1 NX PX <ms>`: one',
    'atomic command, shared by all replicas of an executor.',
    '',
    '**Restarts.** An in-memory (volatile) store forgets its nonces when the guard restarts. Every accepted nonce is in',
    'the executed log before its tool runs (DESIGN invariant 6), so at start the guard *refills* the store from the log:',
    'it claims again each logged accepted nonce whose window is still open (`now <= expires + skew`), for its hold time.',
    'The store counts as refilled only when the log holds this guard\'s own earlier records, that is records of a previous',
    'start of the same log. A missing, empty or brand-new log does not count (the previous process may have logged',
    'elsewhere, or its disk is gone), and neither does a log whose recovery cut well-formed records (the log is then not',
    'the whole story).',
    '',
    '**The restart rule.** A guard with a volatile store that was not refilled sets `startedAt` to its start (unix',
    'seconds) and refuses every binding with `created <= startedAt + skew`, `ERR_GUARD_BEFORE_START`, at step 10a: the',
    'previous process may have accepted, just before the restart, a binding whose `created` lay up to `skew` in its',
    'future. For up to about `skew` seconds after a start such calls fail and must go through the gate again. The rule',
    'is checked after the signature, so the gate\'s probes still get their specific codes. It trusts the wall clock: a',
    'clock stepped back across a restart defeats it, which a refill or Redis does not. A shared store (Redis) needs',
    'neither a refill nor the rule.',
    '',
  ]
}

/** Section 9: key ids, the key rules, key set files and rotation. */
export function specKeys(): string[] {
  return [
    '## 9. Keys: ids, the trusted key set, rotation',
    '',
    '- The gate signs with one Ed25519 key. `verbatim keys generate --dir DIR` writes `<kid>.key.pem` (PKCS#8 PEM, mode',
    '  0600), `<kid>.jwk.json` (the public JWK) and `jwks.json` (the JWK Set, RFC 7517 §5, to give to guards). A signing',
    '  key file that is missing, unreadable, not PEM, or not an Ed25519 private key is `ERR_BINDING_KEY`, and the gate',
    '  (or a guard, for its receipt key) refuses to start.',
    '- `keyid` is the RFC 7638 thumbprint of the public JWK: SHA-256 over `{"crv":"Ed25519","kty":"OKP","x":"<x>"}`',
    '  (members in lexicographic order, no whitespace), base64url without padding.',
    '- The gate publishes its public keys at `GET /.well-known/jwks.json`: each key with `kty`, `crv`, `x`, `kid`,',
    '  `alg: "EdDSA"`, `use: "sig"`. Never a private member.',
    '- **Usable keys.** A guard trusts a key of its set only if: `kty` is `"OKP"` and `crv` `"Ed25519"`; `x` is 32 bytes in',
    '  canonical base64url (43 characters); there is no `d`; `alg`, if present, is `"EdDSA"` (RFC 8037 §3.1); `use`, if',
    '  present, is `"sig"`; `key_ops`, if present, is exactly `["verify"]` (RFC 7517 §4.2-4.3: a public key in this set',
    '  verifies and does nothing else, so `["verify","sign"]`, `[]` or the String `"verify"` is not usable); and `kid` is',
    '  present and is the key\'s RFC 7638 thumbprint. A key without `kid` is not usable: a verifier does not compute its',
    '  thumbprint to look it up, so that every verifier trusts the same keys of one set. Other keys in the set (RSA keys',
    '  for other uses, say) are ignored, not trusted. Because `kid` is the thumbprint, one `kid` names one key: the same',
    '  key listed twice is still that key.',
    '- **Lookup (step 5).** The key is the usable key whose `kid` equals `keyid`. A guard with a `jwksFile` re-reads the',
    '  file, and one with a `jwksUrl` refetches it, on a `keyid` it does not know, at most once per cooldown (30 s). A set',
    '  that cannot be read or fetched is `ERR_GUARD_KEY_UNKNOWN`: the guard fails closed.',
    '- **Key set files.** A `jwksFile` must hold a JWK Set, `{"keys":[…]}`, with at least one usable key. At start the',
    '  guard refuses, with `ERR_CONFIG_INVALID` and a message saying which, a file it cannot read, one that is not JSON,',
    '  one that is a single JWK ("is a single JWK, not a JWK Set; use the jwks.json that `verbatim keys generate`',
    '  writes"), or one without a usable key (each key\'s reason is listed).',
    '- **Rotation.** Generate a new key and publish it in the JWKS next to the current one; guards pick it up on their',
    '  next refresh or on the first unknown `kid`. Switch the gate to sign with the new key. Keep the old public key in',
    '  the JWKS for its rotation window, at least the maximum ttl plus skew, so that bindings already in flight still',
    '  verify; then remove it. A guard never accepts a `keyid` that is not in its current key set.',
    '',
  ]
}
