import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JWK } from 'jose'
import { generateKeyPair, jwks, loadSigningKey, thumbprint, thumbprintSync, writeKeyFiles } from '../../src/binding/index.js'
import { keysCommand } from '../../src/cli/keys.js'
import { VerbatimError } from '../../src/errors/index.js'

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'verbatim-keys-'))

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err)
  expect(e).toBeInstanceOf(VerbatimError)
  expect((e as VerbatimError).code).toBe(code)
  expect((e as VerbatimError).status).toBe(500)
}

function capture(): { io: Parameters<typeof keysCommand>[1]; out: () => string; err: () => string } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let o = ''
  let e = ''
  stdout.on('data', (d: Buffer) => { o += d.toString() })
  stderr.on('data', (d: Buffer) => { e += d.toString() })
  return { io: { stdout, stderr, stdin: new PassThrough(), env: {} }, out: () => o, err: () => e }
}

describe('verbatim keys generate', () => {
  it('writes a 0600 PKCS#8 PEM and a public JWK whose kid is its RFC 7638 thumbprint', async () => {
    const dir = join(await tmp(), 'keys')
    const c = capture()
    expect(await keysCommand(['generate', '--dir', dir], c.io)).toBe(0)
    const kid = /^kid (\S+)$/m.exec(c.out())?.[1]
    expect(kid).toBeDefined()
    expect((await readdir(dir)).sort()).toEqual([`${kid}.jwk.json`, `${kid}.key.pem`])
    const pem = join(dir, `${kid}.key.pem`)
    expect((await stat(pem)).mode & 0o777).toBe(0o600)
    expect(await readFile(pem, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    const jwk = JSON.parse(await readFile(join(dir, `${kid}.jwk.json`), 'utf8')) as JWK
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid, alg: 'EdDSA', use: 'sig' })
    expect(jwk.d).toBeUndefined()
    expect(await thumbprint(jwk)).toBe(kid)
    expect((await loadSigningKey(pem)).kid).toBe(kid)
  })

  it('exits 2 without --dir', async () => {
    const c = capture()
    expect(await keysCommand(['generate'], c.io)).toBe(2)
    expect(c.err()).toContain('usage')
  })

  it('refuses to overwrite an existing key file', async () => {
    const dir = await tmp()
    const key = await generateKeyPair()
    await writeKeyFiles(dir, key)
    await expect(writeKeyFiles(dir, key)).rejects.toMatchObject({ code: 'EEXIST' })
  })
})

describe('loadSigningKey', () => {
  it('refuses a missing file', async () => rejectsWith(loadSigningKey('/nonexistent/verbatim.pem'), 'ERR_BINDING_KEY'))
  it('refuses a file that is not PEM', async () => {
    const p = join(await tmp(), 'k.pem')
    await writeFile(p, 'not a key')
    await rejectsWith(loadSigningKey(p), 'ERR_BINDING_KEY')
  })
  it('refuses a key that is not Ed25519', async () => {
    const p = join(await tmp(), 'ec.pem')
    await writeFile(p, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }))
    await rejectsWith(loadSigningKey(p), 'ERR_BINDING_KEY')
  })
  it('refuses a public key', async () => {
    const p = join(await tmp(), 'pub.pem')
    await writeFile(p, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }))
    await rejectsWith(loadSigningKey(p), 'ERR_BINDING_KEY')
  })
})

describe('jwks', () => {
  it('publishes public members only, each with kid, alg EdDSA and use sig', async () => {
    const a = await generateKeyPair()
    const b = await generateKeyPair()
    const { d: _d, ...bare } = { ...b.privateKey.export({ format: 'jwk' }) } as JWK
    const doc = jwks([a, bare])
    expect(doc.keys).toHaveLength(2)
    for (const k of doc.keys) {
      expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x'])
      expect(k.alg).toBe('EdDSA')
    }
    expect(doc.keys.map((k) => k.kid)).toEqual([a.kid, b.kid])
  })

  it('computes the same thumbprint synchronously as jose does', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async () => {
      const jwk = (await generateKeyPair()).publicJwk
      expect(thumbprintSync(jwk)).toBe(await thumbprint(jwk))
    }), { numRuns: 10 })
  })
})
