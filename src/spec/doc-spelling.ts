/** @module spec/doc-spelling: sections 6.1 and 7 of docs/binding.md: the spellings that still verify, and the window. */

/** Section 6.1: which re-spellings of a signed request verify, and why none changes its meaning. */
export function specSpellings(): string[] {
  return [
    '### 6.1 What may be spelled another way, and still verify',
    '',
    'The bytes that carry meaning have exactly one spelling: the body (step 7 over the raw bytes, and step 11 makes the',
    'signed bytes the canonical ones), the method, the path and the query (signed as received), the two covered header',
    'values (signed as written), and our members of `Signature-Input` and `Signature` (steps 1f and 1g). Changing any byte',
    'of these fails verification. Only the following may differ from what the gate sent, and each leaves the signature',
    'base, the body bytes and so the verified binding exactly as they were (`tests/binding/respell.test.ts` applies every',
    'row, and a few refused neighbours, to a signed request):',
    '',
    '| re-spelling | verifies | why the meaning cannot change |',
    '| --- | --- | --- |',
    '| SP or HTAB before or after any field value | yes | HTTP strips them (RFC 9110 §5.5), and RFC 9421 §2.1 strips them from covered values |',
    '| SP or HTAB around the commas between members of `Signature-Input` or `Signature` | yes | RFC 9651 §4.2.2 discards them; our member is unchanged |',
    '| members of other signers (other tags), before or after ours, of any RFC 9651 type (a Date, a Display String) | yes | read (step 1b) and ignored by step 1c; ours is unchanged |',
    '| a field split over several field lines whose values, joined with `, `, are the original value | yes | RFC 9110 §5.3: the joined value is the field value |',
    '| field name case, field order, the body\'s framing (`Content-Length` or chunked), fields the binding does not cover (`Host`, `User-Agent`…) | yes | not covered; the body bytes are fixed by the digest |',
    '| `Content-Type` spelled any way step 0 accepts (`Application/JSON; charset="utf-8"`) | yes | every accepted spelling means JSON in UTF-8 |',
    '| a target ending in `?` (an empty query) | yes | RFC 9421 §2.2.7: `@query` is `?` for an empty query and for none; no argument travels |',
    '| a target in absolute-form, `http://host/v1/tools/…` (RFC 9112 §3.2.2) | yes | `@path` is the path of the target either way; the authority is not covered (§4) |',
    '| a fragment after the target, `/v1/tools/fs.read#x` (not valid in a request-target, RFC 9112 §3.2, but Node accepts it) | yes | the guard drops it before step 1, as a server never sees fragments; no argument travels |',
    '',
    'Everything else is refused, for example: the method in lowercase or mixed case (the method pre-check); a key written',
    'twice in any of the four fields, even another signer\'s label (1b, 2h, 2i); spaces, leading zeros, Decimals, repeated',
    'or reordered parameters inside our `Signature-Input` member (steps 1g or 6); another base64 spelling of the signature',
    '(1f); spaces after the commas of `Verbatim-Decision`, its members in another order or an extra member (6, since the',
    'value is signed as written); a HTAB inside a covered value (2j); a percent-encoded or dot-segment path, any query (6);',
    'any body byte (7).',
    '',
  ]
}

/** Section 7: the clock-skew window. */
export function specWindow(): string[] {
  return [
    '## 7. The clock-skew window',
    '',
    'All times are integer unix seconds. Defaults: ttl 60 s (the gate), skew 30 s and maximum ttl 300 s (the guard).',
    'With `now` the guard\'s clock, in this order:',
    '',
    '- `expires <= created` or `expires - created > maxTtl`: rejected (`ERR_GUARD_NOT_YET_VALID`).',
    '- `created > now + skew`: rejected (`ERR_GUARD_NOT_YET_VALID`), a binding from the future.',
    '- `now > expires + skew`: rejected (`ERR_GUARD_EXPIRED`).',
    '',
    'So a binding is accepted for `now` in `[created - skew, expires + skew]`, both ends included. Keep gate and guard',
    'clocks in sync (NTP); the skew absorbs small drift, not misconfiguration.',
    '',
  ]
}
