import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JWK } from 'jose'
import { jwks, keyProblem, readKeySetFile } from '../../src/binding/index.js'
import type { SigningKey } from '../../src/binding/index.js'
import { jwksKeyResolver, parseGuardConfig } from '../../src/guard/index.js'
import { KEY, OTHER_KEY } from './helpers.js'

let served: SigningKey[] = [KEY]
let servedDoc: unknown
let fetches = 0
let url = ''
const server = createServer((req, res) => {
  fetches++
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(servedDoc ?? jwks(served)))
})
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`
})
afterAll(() => { server.close() })

describe('jwksKeyResolver', () => {
  it('fetches the gate JWKS once and caches it', async () => {
    served = [KEY]
    fetches = 0
    const keys = jwksKeyResolver({ url, cooldownMs: 60_000 })
    expect((await keys(KEY.kid))?.asymmetricKeyType).toBe('ed25519')
    expect((await keys(KEY.kid))?.asymmetricKeyType).toBe('ed25519')
    expect(fetches).toBe(1)
  })

  it('refetches on an unknown kid, but not again within the cooldown', async () => {
    served = [KEY]
    fetches = 0
    const keys = jwksKeyResolver({ url, cooldownMs: 0 })
    await keys(KEY.kid)
    served = [KEY, OTHER_KEY] // rotation: a new key appears
    expect(await keys(OTHER_KEY.kid)).toBeDefined()
    expect(fetches).toBe(2)
    const cooled = jwksKeyResolver({ url, cooldownMs: 60_000 })
    served = [KEY]
    fetches = 0
    await cooled(KEY.kid)
    expect(await cooled('no-such-kid')).toBeUndefined()
    expect(await cooled('still-no-such-kid')).toBeUndefined()
    expect(fetches).toBe(1)
  })

  it('reads a JWKS file and re-reads it on an unknown kid after the cooldown', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-jwks-'))
    const file = join(dir, 'jwks.json')
    await writeFile(file, JSON.stringify(jwks([KEY])))
    const keys = jwksKeyResolver({ file, cooldownMs: 0 })
    expect(await keys(KEY.kid)).toBeDefined()
    expect(await keys(OTHER_KEY.kid)).toBeUndefined()
    await writeFile(file, JSON.stringify(jwks([KEY, OTHER_KEY])))
    expect(await keys(OTHER_KEY.kid)).toBeDefined()
  })

  it('a JWKS file that turns unreadable keeps the set read; an unknown kid then fails closed, and a file never read is ERR_GUARD_KEY_UNKNOWN', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-jwks-'))
    const file = join(dir, 'jwks.json')
    await writeFile(file, JSON.stringify(jwks([KEY])))
    const keys = jwksKeyResolver({ file, cooldownMs: 0 })
    expect(await keys(KEY.kid)).toBeDefined()
    await writeFile(file, '{not json')
    expect(await keys(KEY.kid)).toBeDefined()
    await expect(keys(OTHER_KEY.kid)).rejects.toMatchObject({ code: 'ERR_GUARD_KEY_UNKNOWN' })
    await expect(jwksKeyResolver({ file: join(dir, 'missing.json') })(KEY.kid)).rejects.toMatchObject({ code: 'ERR_GUARD_KEY_UNKNOWN' })
  })

  it('fails closed with ERR_GUARD_KEY_UNKNOWN when the JWKS URL cannot be reached', async () => {
    const keys = jwksKeyResolver({ url: 'http://127.0.0.1:1/.well-known/jwks.json' })
    await expect(keys(KEY.kid)).rejects.toMatchObject({ code: 'ERR_GUARD_KEY_UNKNOWN' })
  })
})

describe('JWKS URL trust', () => {
  it.each(['https://gate.internal/.well-known/jwks.json', 'http://127.0.0.1:8080/.well-known/jwks.json', 'http://localhost:8080/j', 'http://[::1]:8080/j'])('accepts %s', (url) => {
    expect(() => jwksKeyResolver({ url })).not.toThrow()
  })
  it.each(['http://gate:8080/.well-known/jwks.json', 'http://10.0.0.5/jwks.json', 'http://127.0.0.1.evil.com/j'])('refuses cleartext %s with ERR_CONFIG_INVALID', (url) => {
    expect(() => jwksKeyResolver({ url })).toThrowError(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error)
  })
  it('refuses a cleartext jwksUrl in guard.yaml at file:line:col', () => {
    expect(() => parseGuardConfig('/etc/guard.yaml', 'audience: a\nkeys: { jwksUrl: "http://gate:8080/jwks" }\nexecutor: { http: "http://127.0.0.1:9001" }\n'))
      .toThrowError(/\/etc\/guard\.yaml:2:\d+: keys/)
  })
})

const tmp = async (name: string, text: string): Promise<string> => {
  const file = join(await mkdtemp(join(tmpdir(), 'verbatim-keyset-')), name)
  await writeFile(file, text)
  return file
}
const jwk = jwks([KEY]).keys[0] as JWK

describe('readKeySetFile', () => {
  it('returns the usable keys of a JWK Set', async () => {
    const set = await readKeySetFile(await tmp('jwks.json', JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }, jwk, ...jwks([OTHER_KEY]).keys] })))
    expect(set.keys.map((k) => k.kid)).toEqual([KEY.kid, OTHER_KEY.kid])
  })
  it.each<[string, string, RegExp]>([
    ['a single JWK', JSON.stringify(jwk), /is a single JWK, not a JWK Set; use the jwks\.json that `verbatim keys generate` writes/],
    ['not JSON', '{"keys": [', /is not JSON/],
    ['an array', '[]', /is not a JWK Set/],
    ['keys that is not an array', JSON.stringify({ keys: jwk }), /is not a JWK Set/],
    ['an empty set', JSON.stringify({ keys: [] }), /holds no usable Ed25519 key \(the set is empty\)/],
    ['only a key whose kid is not its thumbprint', JSON.stringify({ keys: [{ ...jwk, kid: 'mine' }] }), /keys\[0\] kid mine is not its RFC 7638 thumbprint/],
  ])('refuses %s with ERR_CONFIG_INVALID and says why', async (_name, text, message) => {
    await expect(readKeySetFile(await tmp('jwks.json', text))).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID', message: expect.stringMatching(message) as string })
  })
  it('refuses a file it cannot read with ERR_CONFIG_INVALID', async () => {
    await expect(readKeySetFile('/nonexistent/jwks.json')).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID', message: expect.stringMatching(/cannot read the key set \(ENOENT\)/) as string })
  })
})

describe('the key rules (docs/binding.md §9)', () => {
  it('accept a published key, with or without alg and use', () => {
    const { alg: _a, use: _u, ...bare } = jwk
    expect(keyProblem(jwk)).toBeUndefined()
    expect(keyProblem(bare)).toBeUndefined()
    expect(keyProblem({ ...jwk, key_ops: ['verify'] })).toBeUndefined()
  })
  it.each<[string, unknown, RegExp]>([
    ['another key type', { kty: 'EC', crv: 'P-256', x: 'a', y: 'b', kid: 'k' }, /not an Ed25519 key/],
    ['Ed448', { ...jwk, crv: 'Ed448' }, /not an Ed25519 key/],
    ['a short x', { ...jwk, x: 'AAAA' }, /x is not 32 bytes/],
    ['x with non-zero pad bits', { ...jwk, x: `${String(jwk.x).slice(0, 42)}${String(jwk.x).endsWith('A') ? 'B' : 'A'}` }, /canonical base64url|thumbprint/],
    ['a private key', { ...jwk, d: 'AAAA' }, /private member d/],
    ['alg ES256', { ...jwk, alg: 'ES256' }, /alg is "ES256"/],
    ['alg Ed25519 (RFC 9864 names it so; the profile says EdDSA)', { ...jwk, alg: 'Ed25519' }, /alg is "Ed25519"/],
    ['use enc', { ...jwk, use: 'enc' }, /use is "enc"/],
    ['key_ops without verify', { ...jwk, key_ops: ['sign'] }, /key_ops/],
    ['no kid', { ...jwk, kid: undefined }, /has no kid/],
    ['a kid that is not the thumbprint', { ...jwk, kid: 'gate-2026' }, /is not its RFC 7638 thumbprint/],
  ])('refuse %s', (_name, key, message) => {
    expect(keyProblem(key)).toMatch(message)
  })

  it('a literal set: a key under a kid that is not its thumbprint is not trusted', async () => {
    const keys = jwksKeyResolver({ jwks: { keys: [{ ...jwk, kid: 'gate-2026' }] } })
    expect(await keys('gate-2026')).toBeUndefined()
    expect(await keys(KEY.kid)).toBeUndefined()
  })

  it('a file: a key with use enc or alg ES256 is not trusted', async () => {
    const file = await tmp('jwks.json', JSON.stringify({ keys: [{ ...jwk, use: 'enc' }, { ...jwks([OTHER_KEY]).keys[0], alg: 'ES256' }, jwks([OTHER_KEY]).keys[0]] }))
    const keys = jwksKeyResolver({ file })
    expect(await keys(KEY.kid)).toBeUndefined()
    expect(await keys(OTHER_KEY.kid)).toBeDefined()
  })

  it('a URL: a served key whose kid is not its thumbprint is not trusted', async () => {
    servedDoc = { keys: [{ ...jwk, kid: OTHER_KEY.kid }] }
    try {
      const keys = jwksKeyResolver({ url, cooldownMs: 60_000 })
      expect(await keys(OTHER_KEY.kid)).toBeUndefined()
    } finally {
      servedDoc = undefined
    }
  })

  it('the same key listed twice is still that key', async () => {
    const { alg: _a, use: _u, ...bare } = jwk
    expect(await jwksKeyResolver({ jwks: { keys: [bare, jwk] } })(KEY.kid)).toBeDefined()
    servedDoc = { keys: [bare, jwk] }
    try {
      expect(await jwksKeyResolver({ url, cooldownMs: 60_000 })(KEY.kid)).toBeDefined()
    } finally {
      servedDoc = undefined
    }
  })

  it('jwks() publishes the thumbprint as kid, whatever kid it is handed', () => {
    expect(jwks([{ ...jwk, kid: 'gate-2026' }]).keys[0]?.kid).toBe(KEY.kid)
  })
})
