import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JWK } from 'jose'
import { generateKeyPair, jwks, jwksKeyResolver, loadSigningKey, thumbprint, thumbprintSync, writeKeyFiles } from '../../src/binding/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import { runCli } from '../helpers/cli.js'

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'verbatim-keys-'))

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err)
  expect(e).toBeInstanceOf(VerbatimError)
  expect((e as VerbatimError).code).toBe(code)
  expect((e as VerbatimError).status).toBe(500)
}

async function generate(dir: string): Promise<{ code: number; out: string; err: string; kid: string | undefined }> {
  const r = await runCli(['keys', 'generate', '--dir', dir])
  return { code: r.code, out: r.out, err: r.err, kid: /^kid (\S+)$/m.exec(r.out)?.[1] }
}

const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(path, 'utf8')) as unknown

describe('verbatim keys generate', () => {
  it('writes a 0600 PKCS#8 PEM, a public JWK whose kid is its RFC 7638 thumbprint, and a JWK Set holding it', async () => {
    const dir = join(await tmp(), 'keys')
    const r = await generate(dir)
    expect(r.code).toBe(0)
    const kid = r.kid as string
    expect(kid).toBeDefined()
    expect((await readdir(dir)).sort()).toEqual([`${kid}.jwk.json`, `${kid}.key.pem`, 'jwks.json'].sort())
    expect(r.out).toBe(`kid ${kid}\nprivate ${join(dir, `${kid}.key.pem`)}\npublic ${join(dir, `${kid}.jwk.json`)}\njwks ${join(dir, 'jwks.json')}\n`)
    const pem = join(dir, `${kid}.key.pem`)
    expect((await stat(pem)).mode & 0o777).toBe(0o600)
    expect(await readFile(pem, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    const jwk = (await readJson(join(dir, `${kid}.jwk.json`))) as JWK
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid, alg: 'EdDSA', use: 'sig' })
    expect(jwk.d).toBeUndefined()
    expect(await thumbprint(jwk)).toBe(kid)
    expect((await loadSigningKey(pem)).kid).toBe(kid)
    expect(await readJson(join(dir, 'jwks.json'))).toEqual({ keys: [jwk] })
  })

  it('writes a jwks.json that a guard\'s key resolver reads, resolving the kid to the generated key', async () => {
    const dir = await tmp()
    const { kid } = await generate(dir)
    const signing = await loadSigningKey(join(dir, `${kid}.key.pem`))
    const resolved = await jwksKeyResolver({ file: join(dir, 'jwks.json') })(kid as string)
    expect(resolved?.export({ format: 'jwk' }).x).toBe(signing.publicJwk.x)
  })

  it('resolves a kid to the same KeyObject on every call (its thumbprint checked once, not per call), and a kid not in the set to nothing', async () => {
    const dir = await tmp()
    const { kid } = await generate(dir)
    const keys = jwksKeyResolver({ file: join(dir, 'jwks.json') })
    const a = await keys(kid as string)
    expect(a).toBeDefined()
    expect(await keys(kid as string)).toBe(a)
    const literal = jwksKeyResolver({ jwks: (await readJson(join(dir, 'jwks.json'))) as { keys: JWK[] } })
    const b = await literal(kid as string)
    expect(await literal(kid as string)).toBe(b)
    expect(await literal('A'.repeat(43))).toBeUndefined()
  })

  it('adds a second key to the existing jwks.json (rotation) and keeps the first as it was', async () => {
    const dir = await tmp()
    const first = await generate(dir)
    const before = (await readJson(join(dir, 'jwks.json'))) as { keys: JWK[] }
    const second = await generate(dir)
    expect(second.code).toBe(0)
    expect(second.kid).not.toBe(first.kid)
    expect(second.err).toContain(`added ${second.kid} to ${join(dir, 'jwks.json')}, which now holds 2 keys`)
    const after = (await readJson(join(dir, 'jwks.json'))) as { keys: JWK[] }
    expect(after.keys.map((k) => k.kid)).toEqual([first.kid, second.kid])
    expect(after.keys[0]).toEqual(before.keys[0])
    expect(after.keys[1]).toEqual(await readJson(join(dir, `${second.kid}.jwk.json`)))
    expect((await readdir(dir)).filter((n) => n.endsWith('.key.pem'))).toHaveLength(2)
  })

  const refused: [string, unknown, string][] = [
    ['a single JWK, not a set', 'JWK', 'is a single JWK or another object, not a JWK Set'],
    ['a set holding a private key', 'PRIVATE', 'holds a private key in keys[0]'],
    ['a set whose kid is not the thumbprint', 'BADKID', 'whose kid is not its RFC 7638 thumbprint'],
    ['not JSON', 'not json', 'is not JSON'],
    ['a set of a P-256 key', { keys: [{ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }] }, 'not an Ed25519 (OKP) public JWK'],
  ]
  it.each(refused)('refuses a jwks.json that is %s, exit 1 with ERR_BINDING_KEY, and writes nothing', async (_what, content, message) => {
    const dir = await tmp()
    const key = await generateKeyPair()
    const { d } = key.privateKey.export({ format: 'jwk' })
    const doc = content === 'JWK' ? key.publicJwk
      : content === 'PRIVATE' ? { keys: [{ ...key.publicJwk, d }] }
        : content === 'BADKID' ? { keys: [{ ...key.publicJwk, kid: 'other' }] }
          : content
    const text = typeof doc === 'string' ? doc : JSON.stringify(doc)
    await writeFile(join(dir, 'jwks.json'), text)
    const r = await generate(dir)
    expect(r.code).toBe(1)
    expect(r.out).toBe('')
    expect(r.err).toMatch(/^verbatim keys: ERR_BINDING_KEY: /)
    expect(r.err).toContain(message)
    expect(await readdir(dir)).toEqual(['jwks.json'])
    expect(await readFile(join(dir, 'jwks.json'), 'utf8')).toBe(text)
  })

  it('exits 2 without --dir', async () => {
    const r = await runCli(['keys', 'generate'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('usage: verbatim keys generate --dir DIR')
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
