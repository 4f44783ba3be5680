import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { checkContentHeaders, createAuthenticator, readBody as readFrom, toolFromTarget, webBodySource } from '../../src/intake/index.js'
import type { BodyLimits } from '../../src/intake/index.js'

const readBody = (s: ReadableStream<Uint8Array> | null, l: BodyLimits): Promise<Uint8Array> => readFrom(webBodySource(s), l)

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    if (e instanceof VerbatimError) return e.code
    throw e
  }
  return undefined
}

async function codeOfAsync(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    if (e instanceof VerbatimError) return e.code
    throw e
  }
  return undefined
}

/** A stream that hands out `chunks` one pull at a time and counts how many were pulled. */
function chunked(chunks: string[]): { stream: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean } {
  let i = 0
  let cancelled = false
  const enc = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      const c = chunks[i++]
      if (c === undefined) ctrl.close()
      else ctrl.enqueue(enc.encode(c))
    },
    cancel() {
      cancelled = true
    },
  }, { highWaterMark: 0 })
  return { stream, pulled: () => i, cancelled: () => cancelled }
}

describe('tool path', () => {
  it('accepts a plain tool name', () => {
    expect(toolFromTarget('/v1/tools/fs.read')).toBe('fs.read')
    expect(toolFromTarget('/v1/tools/shell_exec-2')).toBe('shell_exec-2')
  })
  it.each([
    ['/v1/tools/fs%2eread', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/fs.read%00', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/../admin', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/./fs.read', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/fs.read/', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/fs.read?x=1', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/FS.read', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/.hidden', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/', 'ERR_INTAKE_BAD_PATH'],
    ['/v1/tools/a\\b', 'ERR_INTAKE_BAD_PATH'],
    [`/v1/tools/${'a'.repeat(129)}`, 'ERR_INTAKE_BAD_PATH'],
    ['//v1/tools/fs.read', 'ERR_GATE_NOT_FOUND'],
    ['/v1/tool/fs.read', 'ERR_GATE_NOT_FOUND'],
  ])('refuses %s with %s', (target, code) => {
    expect(codeOf(() => toolFromTarget(target))).toBe(code)
  })
})

describe('authentication', () => {
  const token = 'tok-coder-0123456789abcdef'
  const auth = createAuthenticator(
    [
      { id: 'coder', token: { env: 'CODER_TOKEN' } },
      { id: 'reviewer', token: { sha256: createHash('sha256').update('tok-reviewer-0123456789').digest('hex') } },
    ],
    { CODER_TOKEN: token },
  )
  it('maps a token from the environment to its agent', () => {
    expect(auth(`Bearer ${token}`)).toBe('coder')
  })
  it('maps a token given as a SHA-256 to its agent', () => {
    expect(auth('Bearer tok-reviewer-0123456789')).toBe('reviewer')
  })
  it.each([undefined, '', 'Bearer', `Basic ${token}`, `bearer  ${token}`, `Bearer ${token}x`, 'Bearer tok-reviewer-012345678'])('refuses %j', (header) => {
    expect(codeOf(() => auth(header))).toBe('ERR_INTAKE_UNAUTHENTICATED')
  })
  it('refuses to start with an agent whose token variable is unset', () => {
    expect(codeOf(() => createAuthenticator([{ id: 'x', token: { env: 'NOPE' } }], {}))).toBe('ERR_CONFIG_INVALID')
  })
})

describe('content headers', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])('accepts %s', (ct) => {
    expect(codeOf(() => checkContentHeaders(ct, undefined))).toBeUndefined()
  })
  it.each([undefined, 'text/plain', 'application/json; charset=latin1', 'application/jsonx', 'application/x-www-form-urlencoded', 'application/json; boundary=x'])('refuses content type %j', (ct) => {
    expect(codeOf(() => checkContentHeaders(ct, undefined))).toBe('ERR_INTAKE_CONTENT_TYPE')
  })
  it.each(['gzip', 'identity', 'br'])('refuses content encoding %s', (enc) => {
    expect(codeOf(() => checkContentHeaders('application/json', enc))).toBe('ERR_INTAKE_CONTENT_ENCODING')
  })
})

describe('body reading', () => {
  it('reads a chunked body whole', async () => {
    const { stream } = chunked(['{"a"', ':', '1}'])
    const bytes = await readBody(stream, { maxBytes: 100, declaredLength: undefined, transferEncoding: 'chunked' })
    expect(new TextDecoder().decode(bytes)).toBe('{"a":1}')
  })
  it('stops reading at the limit instead of buffering a long chunked body', async () => {
    const s = chunked(Array.from({ length: 1000 }, () => 'x'.repeat(10)))
    expect(await codeOfAsync(readBody(s.stream, { maxBytes: 50, declaredLength: undefined, transferEncoding: 'chunked' }))).toBe('ERR_INTAKE_TOO_LARGE')
    expect(s.pulled()).toBeLessThanOrEqual(7)
    expect(s.cancelled()).toBe(true)
  })
  it('refuses a declared length over the limit before reading', async () => {
    const s = chunked(['{}'])
    expect(await codeOfAsync(readBody(s.stream, { maxBytes: 50, declaredLength: '51', transferEncoding: undefined }))).toBe('ERR_INTAKE_TOO_LARGE')
    expect(s.pulled()).toBe(0)
  })
  it('refuses Content-Length: 0 with bytes behind it (CVE-2024-41110 shape)', async () => {
    const s = chunked(['{"cmd":"rm"}'])
    expect(await codeOfAsync(readBody(s.stream, { maxBytes: 50, declaredLength: '0', transferEncoding: undefined }))).toBe('ERR_INTAKE_LENGTH_MISMATCH')
  })
  it('refuses Content-Length together with Transfer-Encoding', async () => {
    const s = chunked(['{}'])
    expect(await codeOfAsync(readBody(s.stream, { maxBytes: 50, declaredLength: '2', transferEncoding: 'chunked' }))).toBe('ERR_INTAKE_LENGTH_MISMATCH')
  })
  it('refuses an empty body', async () => {
    expect(await codeOfAsync(readBody(null, { maxBytes: 50, declaredLength: undefined, transferEncoding: undefined }))).toBe('ERR_INTAKE_EMPTY_BODY')
    expect(await codeOfAsync(readBody(chunked([]).stream, { maxBytes: 50, declaredLength: '0', transferEncoding: undefined }))).toBe('ERR_INTAKE_EMPTY_BODY')
  })
  it('refuses a malformed Content-Length', async () => {
    expect(await codeOfAsync(readBody(chunked(['{}']).stream, { maxBytes: 50, declaredLength: '2, 2', transferEncoding: undefined }))).toBe('ERR_INTAKE_LENGTH_MISMATCH')
  })
})
