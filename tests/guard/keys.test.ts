import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jwks } from '../../src/binding/index.js'
import type { SigningKey } from '../../src/binding/index.js'
import { jwksKeyResolver, parseGuardConfig } from '../../src/guard/index.js'
import { KEY, OTHER_KEY } from './helpers.js'

let served: SigningKey[] = [KEY]
let fetches = 0
let url = ''
const server = createServer((req, res) => {
  fetches++
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(jwks(served)))
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
