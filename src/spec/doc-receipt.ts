/** @module spec/doc-receipt: section 12 of docs/binding.md: the receipt the guard returns, and what the gate checks. */
import { fence } from './doc-util.js'
import type { BindingVectors } from './vectors.js'

/** Section 12: the Verbatim-Receipt header, its payload, and the gate's checks in order. */
export function specReceipts(v: BindingVectors): string[] {
  const good = v.receipts.vectors[0]
  const [h, p] = (good?.header ?? '').split('.')
  const json = (b: string | undefined): string => Buffer.from(b ?? '', 'base64url').toString('utf8')
  return [
    '## 12. Receipts: guard to gate',
    '',
    'After the tool ran, the guard answers with a `Verbatim-Receipt` response header: a compact JWS (RFC 7515 §7.1),',
    'EdDSA over Ed25519 (RFC 8037), signed with the guard\'s own key, which is not the gate\'s key.',
    '',
    '- Protected header: `{"alg":"EdDSA","kid":"<RFC 7638 thumbprint of the guard key>","typ":"verbatim-receipt+jws"}`.',
    '- Payload: `{"decisionId","digest","status","ts","aud"}`: the decision id from `Verbatim-Decision`; the lowercase hex',
    '  SHA-256 of the bytes the tool ran on, recomputed by the guard; the HTTP status the executor answered; the unix',
    '  seconds of signing; and the guard\'s audience.',
    '- Signature: Ed25519 over the ASCII bytes of `BASE64URL(header) "." BASE64URL(payload)`, base64url without padding.',
    '',
    'The test receipt (§10.6), for the test-vector call answered 200:',
    '',
    ...fence('json', `${json(h)}\n${json(p)}`),
    '',
    'For each forwarded call, the gate checks the receipt of the answer it is about to relay (`checkReceipt` in',
    '`src/binding/receipt.ts`) against the guard keys configured for that upstream, in this order:',
    '',
    '1. The answer carries a non-empty `Verbatim-Receipt`.',
    '2. It is three parts separated by `.`, each canonical base64url without padding (RFC 7515 §2): one or more',
    '   characters of `[A-Za-z0-9_-]`, and exactly what encoding its decoded bytes gives back. So a part of `4n+1`',
    '   characters, or one whose unused low bits are not zero (RFC 4648 §3.5), is refused: it is another spelling of other',
    '   or the same bytes, and a signature part so re-spelled would otherwise still verify.',
    '3. The header and the payload each decode to UTF-8 JSON that passes the strict parse of `docs/canonical.md` (no',
    '   duplicate keys, no keys equal under case folding, no lone surrogates, no number its RFC 8785 form changes, …), and',
    '   each is a JSON object. A claim or a header member written twice is refused here, whichever value a parser would',
    '   keep; so are `{"Status":500,"status":200}`, an array, a string or a number.',
    '4. The header has `alg` `"EdDSA"`, `typ` `"verbatim-receipt+jws"`, a String `kid`, and no `crit` (RFC 7515',
    '   §4.1.11: a receipt uses no extension, so one that must be understood is not).',
    '5. `kid` names a usable key (§9) of the upstream\'s guard key set. A set that cannot be had fails this step too.',
    '6. The signature is 64 bytes and verifies over `header "." payload` as received.',
    '7. The claims are well formed: `decisionId` and `aud` Strings, `digest` 64 lowercase hex digits, `status` and `ts`',
    '   written as JSON integers, digits with an optional minus and no fraction or exponent (`200`, never `200.0` or',
    '   `2e2`: JavaScript reads all three as 200, Go\'s `encoding/json` refuses the last two for an integer field),',
    '   between -(2^53 - 1) and 2^53 - 1. The spelling is read from the payload as received, not from a parsed value.',
    '8. `decisionId`, `digest`, `aud` and `status` equal this call\'s decision id, the SHA-256 (hex) of the bytes the gate',
    '   forwarded, the upstream\'s audience and the status the gate is about to relay.',
    '',
    'Any failure is `ERR_GUARD_RECEIPT_INVALID` (502): the call *was* forwarded and may have run, so the agent must not',
    'repeat it blindly, and the gate treats the upstream as unguarded until a probe passes again. Other header members and',
    'other claims are ignored once they parsed (they are signed). `ts` is recorded, not checked. `verifyReceipt(header,',
    'guardJwk)` is the same check with one known key and no expected call (steps 1-4, 6 and 7), for tools that audit',
    'receipts later.',
    '',
  ]
}
