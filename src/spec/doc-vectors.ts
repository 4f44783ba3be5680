/** @module spec/doc-vectors: section 10 of docs/binding.md: the test keys, inputs, and every vector by step and code. */
import { fence } from './doc-util.js'
import type { BindingVectors } from './vectors.js'

const code = (c: string): string => (c === 'accept' ? 'accept' : `\`${c}\``)
const esc = (s: string): string => s.replace(/\|/g, '\\|')

function format(v: BindingVectors): string[] {
  return [
    '### 10.4 The vector file',
    '',
    '`binding-vectors.json` (version 2) holds, besides the data above:',
    '',
    '- `requests`: each with `name`, `request` (`method`, `path`, raw `query` with its `?`, `headers` with lowercase names',
    '  and combined values, `bodyBase64`), `verifier` (the full state, below), `expect` (`"accept"` or the code), `step`',
    '  (the refusing step of §6: `"method"` and `"body"` for the pre-checks, else 0-11) and, when accepted, `value` (what',
    '  the tool gets).',
    '- `receipts`: the guard\'s test key (RFC 8032 TEST 2) and vectors with `header` (or `null`), `keys` (the guard key',
    '  set of the upstream), `expected` (this call: `decisionId`, `digest`, `aud`, `status`), `expect` and `claims`.',
    '- `signingKeys`: PEM files with `expect` `"accept"` (and the `kid`) or `ERR_BINDING_KEY`.',
    '- `keySets`: JWK Set file texts with `expect` `"accept"` (and `usableKids`, in order) or `ERR_CONFIG_INVALID`.',
    '- `uncovered`: the codes no vector can pin, each with the reason.',
    '- `mcp`: the main MCP vector (§13.1): its fixed inputs, the request as sent and its signature base.',
    '',
    'A request vector\'s `verifier` state is explicit: `now`, `audience`, `skewSeconds`, `maxTtlSeconds`, `maxBodyBytes`',
    '(the pre-check), and `keys`, the key set *as configured*, to which the key rules of §9 apply. Four members are',
    'optional. `startedAt` present means the restart rule is on (a volatile store that was not refilled), with that start.',
    '`seenNonces` lists nonces the replay store already holds. `replayStore: "unavailable"` means every claim fails.',
    '`profile` is `"mcp"` for a guard in front of an MCP server (§13), and absent or `"tools"` for the default profile. Start',
    `each vector from a fresh store. Defaults, as in \`verifier\`: now \`${v.verifier.now}\`, audience \`${v.verifier.audience}\`, the`,
    `test key set, skew ${v.verifier.skewSeconds} s, max ttl ${v.verifier.maxTtlSeconds} s, max body ${v.verifier.maxBodyBytes} bytes.`,
    '',
  ]
}

/**
 * The accepted vectors as a list and the refused ones as a table by step, after a sentence that
 * ends with "N accepted:" (§10.5 and §13.7).
 */
export function requestLists(requests: BindingVectors['requests']): string[] {
  const accepted = requests.filter((r) => r.expect === 'accept')
  const refused = requests.filter((r) => r.expect !== 'accept')
  return [
    '',
    ...accepted.map((r) => `- ${esc(r.name)}`),
    '',
    `${refused.length} refused, by step:`,
    '',
    '| step | case | expected code |',
    '| --- | --- | --- |',
    ...refused.map((r) => `| ${String(r.step)} | ${esc(r.name)} | ${code(r.expect)} |`),
    '',
  ]
}

function tables(v: BindingVectors): string[] {
  const tools = v.requests.filter((r) => r.verifier.profile === undefined && r.verifier.approvals === undefined)
  const accepted = tools.filter((r) => r.expect === 'accept')
  const mcp = v.requests.filter((r) => r.verifier.profile === 'mcp').length
  return [
    '### 10.5 Request vectors',
    '',
    `The default profile's vectors are below; the ${mcp} vectors of the MCP profile are in §13.7, the ${v.requests.length - tools.length - mcp} of approvals in §14.5. ${accepted.length} accepted:`,
    ...requestLists(tools),
    '### 10.6 Receipt, signing-key and key-set vectors',
    '',
    '| receipt (checked as the gate checks it, §12) | expected |',
    '| --- | --- |',
    ...v.receipts.vectors.map((r) => `| ${esc(r.name)} | ${code(r.expect)} |`),
    '',
    '| signing key file | expected |',
    '| --- | --- |',
    ...v.signingKeys.map((k) => `| ${esc(k.name)} | ${code(k.expect)} |`),
    '',
    '| key set file (§9) | expected |',
    '| --- | --- |',
    ...v.keySets.map((k) => `| ${esc(k.name)} | ${code(k.expect)}${k.usableKids === undefined ? '' : `, ${k.usableKids.length} usable`} |`),
    '',
    '### 10.7 Codes without a vector',
    '',
    'Every `ERR_GUARD_*` and `ERR_BINDING_*` code has a vector above (a test checks it), except:',
    '',
    '| code | why no vector can pin it |',
    '| --- | --- |',
    ...v.uncovered.map((u) => `| \`${u.code}\` | ${u.reason} |`),
    '',
  ]
}

/** Section 10: keys, fixed inputs, the expected headers, the file format and every vector. */
export function vectorsSection(v: BindingVectors): string[] {
  const h = v.expected.headers
  return [
    '## 10. Test vectors',
    '',
    'The same data, machine-readable, is in [`binding-vectors.json`](binding-vectors.json), with full requests and',
    'verifier state for every case below. Both files are regenerated from the fixed inputs in `src/spec/vectors*.ts`,',
    'and a test fails on any drift. Ed25519 signatures are deterministic (RFC 8032 §5.1.6), so an independent signer must',
    'reproduce the headers exactly.',
    '',
    '### 10.1 The test keys',
    '',
    '**TEST KEYS ONLY.** They are the RFC 8032 §7.1 TEST 1 key (the gate) and TEST 2 key (the guard\'s receipts), public',
    'knowledge: never trust them anywhere real.',
    '',
    `- gate seed (hex): \`${v.key.seedHex}\`, kid (RFC 7638 thumbprint): \`${v.key.kid}\``,
    `- guard seed (hex): \`${v.receipts.key.seedHex}\`, kid: \`${v.receipts.key.kid}\``,
    '',
    ...fence('text', v.key.privatePem.trimEnd()),
    '',
    ...fence('json', JSON.stringify(v.jwks, null, 2)),
    '',
    '### 10.2 Fixed inputs',
    '',
    '| input | value |',
    '| --- | --- |',
    `| method, path, query | \`${v.input.method}\`, \`${v.input.path}\`, none |`,
    `| body (${Buffer.byteLength(v.input.body)} bytes, UTF-8) | \`${v.input.body}\` |`,
    `| decision id, agent, tool | \`${v.input.decision.id}\`, \`${v.input.decision.agent}\`, \`${v.input.decision.tool}\` |`,
    `| policy digest (hex) | \`${v.input.decision.policyDigest}\` |`,
    `| audience | \`${v.input.decision.audience}\` |`,
    `| now (created), ttl | \`${v.input.now}\` (2026-01-01T00:00:00Z), ${v.input.ttlSeconds} s |`,
    `| nonce | \`${v.input.nonce}\` (bytes 0x00 to 0x0f) |`,
    '',
    '### 10.3 Expected headers',
    '',
    ...fence('http', [
      'Content-Type: application/json',
      `Content-Digest: ${h['content-digest']}`, `Verbatim-Decision: ${h['verbatim-decision']}`,
      `Signature-Input: ${h['signature-input']}`, `Signature: ${h.signature}`,
    ].join('\n')),
    '',
    'The signature base is in §5. A verifier with `now = ' + v.verifier.now + '` and audience `' + v.verifier.audience + '` accepts it.',
    '',
    ...format(v),
    ...tables(v),
  ]
}
