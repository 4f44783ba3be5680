/**
 * Config faults at the policy files' standard (issue 18 item 4): each mistake once, at file:line:col,
 * with the key, value or variable it was probably meant to be, and no fault hidden behind another.
 */
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/index.js'
import type { SourceFault } from '../../src/config/index.js'
import { VerbatimError } from '../../src/errors/index.js'

const BASE = `policies: [policies/]
agents:
  - { id: coder, token: { env: CODER_TOKEN } }
upstreams:
  - name: sandbox
    url: "http://127.0.0.1:9090"
    audience: sandbox-1
routes:
  - { tools: ["fs.*"], upstream: sandbox }
signing: { keyFile: keys/gate.pem }
`

/** Every fault of a config, as `line:col: message` (or `source: message` without a position). */
function faults(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig('verbatim.yaml', text, env)
  } catch (e) {
    if (!(e instanceof VerbatimError) || e.code !== 'ERR_CONFIG_INVALID') throw e
    return (e.detail?.faults as SourceFault[]).map((f) => (f.line === 0 ? `${f.file}: ${f.message}` : `${f.line}:${f.col}: ${f.message}`))
  }
  throw new Error('expected ERR_CONFIG_INVALID')
}

describe('config faults', () => {
  it('a misspelt top-level key is one fault that names the key it was meant to be', () => {
    // Before: "upstreams: missing, expected array" at 1:1 and "unknown key "upstream"": one typo, two faults.
    expect(faults(BASE.replace('upstreams:', 'upstream:'))).toEqual([
      "4:1: file: unknown key 'upstream'; did you mean 'upstreams'?",
    ])
  })

  it('a misspelt field says did you mean, in any nested object', () => {
    expect(faults(BASE.replace('audience: sandbox-1', 'audience: sandbox-1\n    timeoutMS: 100\n    circuit: { failure: 3 }'))).toEqual([
      "8:5: upstreams.0: unknown key 'timeoutMS'; did you mean 'timeoutMs'?",
      "9:16: upstreams.0.circuit: unknown key 'failure'; did you mean 'failures'?",
    ])
  })

  it('an unknown key with nothing close lists the keys there', () => {
    expect(faults(`${BASE}listen: { colour: blue }\n`)).toEqual(["11:11: listen: unknown key 'colour' (expected: host, port)"])
  })

  it('a misspelt option value says did you mean', () => {
    expect(faults(`${BASE}audit: { arguments: ful }\n`)).toEqual(["11:21: audit.arguments: expected one of none, redacted, full, got 'ful'; did you mean 'full'?"])
  })

  it('a plain-text token is refused in words, not "Invalid input"', () => {
    expect(faults(BASE.replace('token: { env: CODER_TOKEN }', 'token: s3cret-s3cret-s3cret'))).toEqual([
      '3:25: agents.0.token: a token is never written in plain text: give { env: NAME }, the variable that holds it, or { sha256: HEX }, its hex SHA-256',
    ])
  })

  it('a token mapping is explained by the member it was meant for', () => {
    expect(faults(BASE.replace('{ env: CODER_TOKEN }', '{ env: coder_token }'))).toEqual([
      '3:32: agents.0.token.env: an environment variable name: A-Z, 0-9 and _, not starting with a digit',
    ])
    expect(faults(BASE.replace('{ env: CODER_TOKEN }', '{ evn: CODER_TOKEN }'))).toEqual([
      "3:27: agents.0.token: unknown key 'evn'; did you mean 'env'?",
    ])
  })

  it('a route to an unknown upstream is reported beside the other faults, not hidden behind them', () => {
    // Before: only the type fault of listen.port; the route fault came after it was fixed.
    expect(faults(`${BASE.replace('upstream: sandbox }', 'upstream: sandbx }')}listen: { port: "x" }\n`)).toEqual([
      "9:34: routes.0.upstream: no upstream named 'sandbx'; did you mean 'sandbox'?",
      '11:17: listen.port: expected number, got string',
    ])
  })

  it('faults come sorted by position', () => {
    const text = BASE.replace('audience: sandbox-1', 'audience: sandbox-1\n    timeoutMS: 100').replace('keys/gate.pem }', 'keys/gate.pem, ttl: 5 }')
    expect(faults(`${text}audit: { arguments: ful }\n`).map((f) => f.split(':')[0])).toEqual(['8', '11', '12'])
  })

  it('every variable that names no field is refused at once, with the variable it was meant to be', () => {
    // Before: only the first one, with no suggestion.
    expect(faults(BASE, { VERBATIM_LISTEN_PROT: '9000', VERBATIM_UPSTREAMS_0_TIMEOUT_MSS: '5', VERBATIM_LIMITS_NOTHING_LIKE_IT: '1' })).toEqual([
      'VERBATIM_LIMITS_NOTHING_LIKE_IT (environment): no config field matches this variable',
      'VERBATIM_LISTEN_PROT (environment): no config field matches this variable; did you mean VERBATIM_LISTEN_PORT?',
      'VERBATIM_UPSTREAMS_0_TIMEOUT_MSS (environment): no config field matches this variable; did you mean VERBATIM_UPSTREAMS_0_TIMEOUT_MS?',
    ])
  })

  it('a value a variable set is blamed on the variable', () => {
    expect(faults(BASE, { VERBATIM_LISTEN_PORT: 'x' })).toEqual(['VERBATIM_LISTEN_PORT (environment): listen.port: expected number, got string'])
  })

  it('a file that is not a mapping says so where it starts', () => {
    expect(faults('\n- a\n- b\n')).toEqual(['2:1: expected a mapping of settings at the top level, got array'])
  })
})
