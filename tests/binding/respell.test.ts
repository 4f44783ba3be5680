/**
 * docs/binding.md §6.1: every re-spelling that still verifies leaves the verified binding unchanged, and its
 * neighbours are refused with the code the spec names. The first half works on verifyBinding, the second on a
 * real socket (field lines, target forms and header case only exist there).
 */
import { connect } from 'node:net'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import type { VerifiedBinding } from '../../src/guard/index.js'
import { guardNodeHandler, verifyBinding } from '../../src/guard/index.js'
import { NOW, options, request, sign } from '../guard/helpers.js'
import type { Signed } from '../guard/helpers.js'

type Respell = (s: Signed) => Signed
const header = (name: string, f: (v: string) => string): Respell => (s) => ({ ...s, headers: { ...s.headers, [name]: f(s.headers[name] ?? '') } })
const SI = 'signature-input'
const DEC = 'verbatim-decision'
const OTHER_IN = 'proxy=("@method");created=1;keyid="x";tag="other"'

async function outcome(s: Signed): Promise<VerifiedBinding | string> {
  try {
    return await verifyBinding(request(s), s.body, options())
  } catch (e) {
    if (e instanceof VerbatimError) return e.code
    throw e
  }
}

const VERIFY: Array<[string, Respell]> = [
  ['SP and HTAB around every field value', (s) => ({ ...s, headers: Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [k, ` \t${v}\t `])) })],
  ['another signer\'s members before and after ours, with OWS around the commas', (s) => ({
    ...s, headers: { ...s.headers, [SI]: `${OTHER_IN} ,\t${s.headers[SI] ?? ''} , ${OTHER_IN.replace('proxy', 'p2')}`, signature: `proxy=:AAAA:,${s.headers.signature ?? ''},\tp2=:AAAA:` },
  })],
  ['Content-Type in capitals with a quoted charset', header('content-type', () => 'APPLICATION/JSON ; charset = "utf-8"')],
  ['an empty query', (s) => ({ ...s, query: '?' })],
  ['another signer\'s member holding a Date and a Display String (RFC 9651)', (s) => ({
    ...s, headers: { ...s.headers, [SI]: `${OTHER_IN};at=@1767225600;n=%"caf%c3%a9", ${s.headers[SI] ?? ''}`, signature: `proxy=:AAAA:, ${s.headers.signature ?? ''}` },
  })],
]

const REFUSE: Array<[string, Respell, string]> = [
  ['a space after "(" in Signature-Input', header(SI, (v) => v.replace('("', '( "')), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['two spaces between components', header(SI, (v) => v.replace('" "', '"  "')), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['a space after a semicolon', header(SI, (v) => v.replace(';expires', '; expires')), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['created with a leading zero', header(SI, (v) => v.replace('created=', 'created=0')), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['created as the Decimal N.0', header(SI, (v) => v.replace(/created=(\d+)/, 'created=$1.0')), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['a repeated parameter', header(SI, (v) => v.replace(';nonce=', ';created=1;nonce=').replace(/;created=(\d+)(.*);created=1/, ';created=1$2;created=$1')), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['created and expires swapped', header(SI, (v) => v.replace(/;created=(\d+);expires=(\d+)/, ';expires=$2;created=$1')), 'ERR_GUARD_SIGNATURE_INVALID'],
  ['the tag as a Token', header(SI, (v) => v.replace('"verbatim-v1"', 'verbatim-v1')), 'ERR_GUARD_SIGNATURE_MISSING'],
  ['the signature without its base64 padding', header('signature', (v) => v.replace(/=+:$/, ':')), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['no space after the commas of Verbatim-Decision', header(DEC, (v) => v.replace(/, /g, ',')), 'ERR_GUARD_SIGNATURE_INVALID'],
  ['two spaces after a comma of Verbatim-Decision', header(DEC, (v) => v.replace(', ', ',  ')), 'ERR_GUARD_SIGNATURE_INVALID'],
  ['a tab after a comma of Verbatim-Decision', header(DEC, (v) => v.replace(', ', ',\t')), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['Verbatim-Decision members reordered', header(DEC, (v) => v.split(', ').reverse().join(', ')), 'ERR_GUARD_SIGNATURE_INVALID'],
  ['an extra Verbatim-Decision member', header(DEC, (v) => `${v}, x=1`), 'ERR_GUARD_SIGNATURE_INVALID'],
  ['an extra Content-Digest member', header('content-digest', (v) => `${v}, sha-512=:${Buffer.alloc(64).toString('base64')}:`), 'ERR_GUARD_SIGNATURE_INVALID'],
  ['the method in lowercase', (s) => ({ ...s, method: 'post' }), 'ERR_INTAKE_MALFORMED_HTTP'],
  ['another signer\'s label written twice', header(SI, (v) => `${OTHER_IN}, ${v}, ${OTHER_IN}`), 'ERR_GUARD_SIGNATURE_MALFORMED'],
  ['a percent-encoded path', (s) => ({ ...s, path: s.path.replace('.', '%2E') }), 'ERR_GUARD_SIGNATURE_INVALID'],
  ['a query', (s) => ({ ...s, query: '?a=1' }), 'ERR_GUARD_SIGNATURE_INVALID'],
  ['the body re-spaced', (s) => ({ ...s, body: new TextEncoder().encode(new TextDecoder().decode(s.body).replace(':', ': ')) }), 'ERR_GUARD_DIGEST_MISMATCH'],
]

describe('re-spellings that verify leave the verified binding exactly as it was (§6.1)', () => {
  it.each(VERIFY)('%s', async (_name, respell) => {
    const s = sign()
    const original = await outcome(s)
    expect(typeof original).toBe('object')
    expect(await outcome(respell(s))).toEqual(original)
  })
})

describe('their neighbours are refused with the code §6 names', () => {
  it.each(REFUSE)('%s', async (_name, respell, code) => {
    const s = sign()
    expect(typeof (await outcome(s))).toBe('object')
    expect(await outcome(respell(s))).toBe(code)
  })
})

describe('re-spellings on the wire, through guardNodeHandler', () => {
  let port = 0
  const server = createServer(guardNodeHandler({ ...options(), clock: () => (NOW + 5) * 1000, startedAt: NOW - 3600 }, (_req, res, v) => {
    const out = JSON.stringify({ ...v, bytes: undefined })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) }).end(out)
  }))
  beforeAll(async () => { await new Promise<void>((r) => server.listen(0, '127.0.0.1', r)); port = (server.address() as AddressInfo).port })
  afterAll(() => { server.close() })

  /** Sends raw HTTP/1.1; `lines` are the header lines as written, in order; `chunked` frames the body in two chunks. */
  function send(target: string, lines: string[], body: Uint8Array, chunked = false): Promise<{ status: number; json: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const sock = connect(port, '127.0.0.1')
      const chunks: Buffer[] = []
      sock.on('data', (d: Buffer) => chunks.push(d))
      sock.on('error', reject)
      sock.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        try {
          resolve({ status: Number(text.slice(9, 12)), json: JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Record<string, unknown> })
        } catch (e) {
          reject(new Error(`not a JSON answer: ${text}`, { cause: e }))
        }
      })
      const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.byteLength}`
      const head = Buffer.from(`POST ${target} HTTP/1.1\r\nHost: x\r\n${lines.join('\r\n')}\r\n${framing}\r\nConnection: close\r\n\r\n`)
      const half = Math.floor(body.byteLength / 2)
      const chunk = (b: Uint8Array): Buffer => Buffer.concat([Buffer.from(`${b.byteLength.toString(16)}\r\n`), b, Buffer.from('\r\n')])
      sock.end(Buffer.concat(chunked ? [head, chunk(body.subarray(0, half)), chunk(body.subarray(half)), Buffer.from('0\r\n\r\n')] : [head, body]))
    })
  }
  const lines = (s: Signed): string[] => Object.entries(s.headers).map(([k, v]) => `${k}: ${v}`)
  const expected = (s: Signed): Record<string, unknown> => ({ decisionId: 'dec-1', value: { path: '/workspace/a.txt' }, nonce: /nonce="([^"]+)"/.exec(s.headers[SI] ?? '')?.[1] })

  it('as the gate sends it', async () => {
    const s = sign({ now: NOW })
    const r = await send(s.path, lines(s), s.body)
    expect([r.status, r.json]).toMatchObject([200, expected(s)])
  })

  it.each<[string, (s: Signed) => [string, string[]]]>([
    ['Verbatim-Decision split over two field lines at ", "', (s) => {
      const [a, ...rest] = (s.headers[DEC] ?? '').split(', ')
      return [s.path, [...lines({ ...s, headers: { ...s.headers, [DEC]: a ?? '' } }), `${DEC}: ${rest.join(', ')}`]]
    }],
    ['another signer on its own Signature-Input and Signature lines', (s) => [s.path, [`Signature-Input: ${OTHER_IN}`, `Signature: proxy=:AAAA:`, ...lines(s)]]],
    ['header names in mixed case, in reverse order, with uncovered fields added', (s) => [s.path, ['X-Trace: 1', ...Object.entries(s.headers).reverse().map(([k, v]) => `${k.toUpperCase()}: ${v}`), 'User-Agent: test']]],
    ['HTAB and SP around field values', (s) => [s.path, Object.entries(s.headers).map(([k, v]) => `${k}:\t ${v} \t`)]],
    ['a target in absolute-form', (s) => [`http://sandbox-1.internal:9000${s.path}`, lines(s)]],
    ['a target ending in "?"', (s) => [`${s.path}?`, lines(s)]],
    ['a fragment after the target', (s) => [`${s.path}#frag`, lines(s)]],
  ])('verifies %s, with the same binding', async (_name, respell) => {
    const s = sign({ now: NOW })
    const [target, hs] = respell(s)
    const r = await send(target, hs, s.body)
    expect([r.status, r.json]).toMatchObject([200, expected(s)])
  })

  it('verifies a chunked body, with the same binding', async () => {
    const s = sign({ now: NOW })
    const r = await send(s.path, lines(s), s.body, true)
    expect([r.status, r.json]).toMatchObject([200, expected(s)])
  })

  it('refuses a second field line that writes a key again: the joined field writes it twice (step 2i, before the signature)', async () => {
    const s = sign({ now: NOW })
    const r = await send(s.path, [...lines(s), `${DEC}: aud="sandbox-1"`], s.body)
    expect([r.status, r.json.code]).toEqual([401, 'ERR_GUARD_SIGNATURE_MALFORMED'])
    const d = await send(s.path, [...lines(s), `content-digest: ${s.headers['content-digest'] ?? ''}`], s.body)
    expect([d.status, d.json.code]).toEqual([401, 'ERR_GUARD_SIGNATURE_MALFORMED'])
  })

  it('refuses Verbatim-Decision split inside a member: the joined value is another value', async () => {
    const s = sign({ now: NOW })
    const dec = s.headers[DEC] ?? ''
    const cut = dec.indexOf('coder') + 2
    const r = await send(s.path, [...lines({ ...s, headers: { ...s.headers, [DEC]: dec.slice(0, cut) } }), `${DEC}: ${dec.slice(cut)}`], s.body)
    expect([r.status, r.json.code]).toEqual([401, 'ERR_GUARD_SIGNATURE_INVALID'])
  })
})
