import { createPublicKey, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { BindingVectors } from '../../src/spec/index.js'
import { thumbprint } from '../../src/binding/index.js'
import { buildVectors, renderBindingDoc, renderBindingVectorsJson } from '../../src/spec/index.js'
import { request, verifySteps } from '../binding/helpers.js'

const read = (p: string): string => readFileSync(new URL(`../../docs/${p}`, import.meta.url), 'utf8')

describe('binding test vectors', () => {
  const v = buildVectors()

  it('docs/binding.md matches the regenerated vectors byte for byte', () => {
    expect(read('binding.md')).toBe(renderBindingDoc())
  })

  it('docs/binding-vectors.json matches the regenerated vectors byte for byte', () => {
    expect(read('binding-vectors.json')).toBe(renderBindingVectorsJson())
  })

  it('pins the headers, so a change to the signer shows up here as well as in the docs', () => {
    const pinned = JSON.parse(read('binding-vectors.json')) as BindingVectors
    expect(v.expected).toEqual(pinned.expected)
    expect(v.expected.headers['content-digest']).toBe('sha-256=:ZhToxzPxnvz3pRrY7OE1L9Pw6L4eP9MblDb2/wpg0E0=:')
  })

  it('uses the RFC 8032 TEST 1 key, whose kid is its RFC 7638 thumbprint', async () => {
    expect(Buffer.from(v.key.publicJwk.x!, 'base64url').toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
    expect(await thumbprint(v.key.publicJwk)).toBe(v.key.kid)
  })

  it('signature base has the five component lines and the params line, LF-separated, no trailing LF', () => {
    const lines = v.expected.signatureBase.split('\n')
    expect(lines.map((l) => l.slice(0, l.indexOf(':', 1) + 1))).toEqual([
      '"@method":', '"@path":', '"@query":', '"content-digest":', '"verbatim-decision":', '"@signature-params":',
    ])
    expect(v.expected.signatureBase.endsWith('\n')).toBe(false)
    expect(lines[5]).toBe(`"@signature-params": ${v.expected.headers['signature-input']!.slice('verbatim='.length)}`)
  })

  it('the signature verifies with plain node:crypto from the published JWK and base alone', () => {
    const key = createPublicKey({ key: v.jwks.keys[0] as import('node:crypto').JsonWebKey, format: 'jwk' })
    const sig = Buffer.from(v.expected.headers.signature!.slice('verbatim=:'.length, -1), 'base64')
    expect(verify(null, Buffer.from(v.expected.signatureBase, 'ascii'), key, sig)).toBe(true)
  })

  it('the main request vector passes steps 1-9 with the reference pipeline', () => {
    const main = v.requests[0]!
    expect(main.name).toBe('the test-vector request')
    const p = verifySteps(request(main.request.headers), Buffer.from(main.request.bodyBase64, 'base64'), { now: v.verifier.now, audience: v.verifier.audience, keys: v.jwks.keys })
    expect(p.decision.id).toBe(v.input.decision.id)
  })
})
