import { describe, expect, it } from 'vitest'
import { jcs, recordArguments, redact, redactedDigest, sha256Hex, touchesRedacted } from '../../src/audit/index.js'
import type { JsonValue } from '../../src/audit/index.js'

const args: JsonValue = { path: '/workspace/a', env: { TOKEN: 's3cret', HOME: '/root' }, argv: ['curl', '-H', 'x'], 'a/b': 1, 'm~n': 2 }

describe('audit arguments: none, redacted, full', () => {
  it('keeps nothing under none, and the canonical value under full', () => {
    expect(recordArguments(args, { mode: 'none', redact: ['/env'] })).toEqual({})
    expect(recordArguments(args, undefined)).toEqual({})
    expect(recordArguments(args, { mode: 'full', redact: ['/env'] })).toEqual({ arguments: args })
  })

  it('replaces each redacted value by sha256: and the digest of its RFC 8785 bytes, and lists the pointers applied', () => {
    const r = recordArguments(args, { mode: 'redacted', redact: ['/env/TOKEN', '/argv/2', '/missing', '/argv/9'] })
    expect(r).toEqual({
      arguments: { ...(args as object), env: { TOKEN: `sha256:${sha256Hex(jcs('s3cret'))}`, HOME: '/root' }, argv: ['curl', '-H', `sha256:${sha256Hex('"x"')}`] },
      redacted: ['/env/TOKEN', '/argv/2'],
    })
    expect(redactedDigest({ b: 1, a: [true] })).toBe(`sha256:${sha256Hex('{"a":[true],"b":1}')}`)
  })

  it('lets a parent pointer cover its children, digesting what was there before any redaction', () => {
    const r = redact(args, ['/env/TOKEN', '/env'])
    expect(r.redacted).toEqual(['/env'])
    expect((r.value as Record<string, JsonValue>)['env']).toBe(redactedDigest({ TOKEN: 's3cret', HOME: '/root' }))
  })

  it('follows RFC 6901 escapes, the whole value, and leaves the input untouched', () => {
    const before = JSON.stringify(args)
    expect(redact(args, ['/a~1b', '/m~0n']).redacted).toEqual(['/a~1b', '/m~0n'])
    expect(redact(args, ['']).value).toBe(redactedDigest(args))
    expect(JSON.stringify(args)).toBe(before)
  })

  it('keeps a __proto__ member an own member when it redacts inside it', () => {
    const v = JSON.parse('{"__proto__":{"x":1},"y":2}') as JsonValue
    const r = redact(v, ['/__proto__/x'])
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype)
    expect(jcs(r.value)).toBe(`{"__proto__":{"x":"${redactedDigest(1)}"},"y":2}`)
  })

  it('tells which policy conditions read a redacted value: the same pointer, inside it, around it, or the whole value', () => {
    expect(touchesRedacted('/env/TOKEN', ['/env'])).toBe(true)
    expect(touchesRedacted('/env', ['/env/TOKEN'])).toBe(true)
    expect(touchesRedacted('', ['/env'])).toBe(true)
    expect(touchesRedacted('/path', ['/env'])).toBe(false)
    expect(touchesRedacted('/envx', ['/env'])).toBe(false)
    expect(touchesRedacted('/env', [])).toBe(false)
  })
})

describe('config: audit.arguments and audit.redact', () => {
  const base = {
    policies: ['p'], agents: [{ id: 'a', token: { env: 'T' } }], upstreams: [{ name: 'u', url: 'http://127.0.0.1:1', audience: 'x' }],
    routes: [{ tools: ['*'], upstream: 'u' }], signing: { keyFile: 'k' },
  }
  it('defaults to none, and takes redacted with RFC 6901 pointers', async () => {
    const { ConfigSchema } = await import('../../src/config/index.js')
    expect(ConfigSchema.parse(base).audit).toMatchObject({ arguments: 'none', redact: [] })
    expect(ConfigSchema.parse({ ...base, audit: { arguments: 'redacted', redact: ['/env', '/a~1b'] } }).audit.redact).toEqual(['/env', '/a~1b'])
  })
  it('refuses redacted without a pointer, a pointer that is not RFC 6901, and an unknown mode', async () => {
    const { ConfigSchema } = await import('../../src/config/index.js')
    const bad = (audit: unknown): string[] => (ConfigSchema.safeParse({ ...base, audit }).error?.issues ?? []).map((i) => i.path.join('.'))
    expect(bad({ arguments: 'redacted' })).toEqual(['audit.redact'])
    expect(bad({ arguments: 'redacted', redact: ['env'] })).toEqual(['audit.redact.0'])
    expect(bad({ arguments: 'some' })).toEqual(['audit.arguments'])
  })
})
