import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkReceipt, jwksKeyResolver, readKeySetFile, signingKeyFromPem } from '../../src/binding/index.js'
import { buildVectors } from '../../src/spec/index.js'
import { VerbatimError } from '../../src/errors/index.js'

const v = buildVectors()

async function outcome<T>(run: () => Promise<T> | T): Promise<{ code: string; value?: T }> {
  try {
    return { code: 'accept', value: await run() }
  } catch (e) {
    if (e instanceof VerbatimError) return { code: e.code }
    throw e
  }
}

describe('receipt vectors through the gate\'s checkReceipt', () => {
  it.each(v.receipts.vectors.map((r) => [r.name, r] as const))('%s', async (_n, r) => {
    const out = await outcome(() => checkReceipt(r.header ?? undefined, r.expected, jwksKeyResolver({ jwks: { keys: r.keys } })))
    expect(out.code).toBe(r.expect)
    if (r.expect === 'accept') expect(out.value).toEqual(r.claims)
  })
})

describe('signing-key vectors through signingKeyFromPem', () => {
  it.each(v.signingKeys.map((k) => [k.name, k] as const))('%s', async (_n, k) => {
    const out = await outcome(() => signingKeyFromPem(k.pem))
    expect(out.code).toBe(k.expect)
    if (k.expect === 'accept') expect(out.value?.kid).toBe(k.kid)
  })
})

describe('key-set vectors through readKeySetFile', () => {
  it.each(v.keySets.map((k) => [k.name, k] as const))('%s', async (_n, k) => {
    const file = join(await mkdtemp(join(tmpdir(), 'verbatim-keyset-')), 'jwks.json')
    await writeFile(file, k.text)
    const out = await outcome(() => readKeySetFile(file))
    expect(out.code).toBe(k.expect)
    if (k.expect === 'accept') expect(out.value?.keys.map((j) => j.kid)).toEqual(k.usableKids)
  })
})
