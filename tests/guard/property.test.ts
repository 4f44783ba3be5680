import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { verifyBinding } from '../../src/guard/index.js'
import { options, request, sign } from './helpers.js'
import type { Signed } from './helpers.js'
import type { VerifiedBinding } from '../../src/guard/index.js'

const COVERED = ['content-digest', 'verbatim-decision', 'signature-input'] as const

async function refused(s: Signed): Promise<boolean> {
  try {
    await verifyBinding(request(s), s.body, options())
    return false
  } catch (e) {
    // A method that is not uppercase letters is refused by the pre-check before step 0 (docs/binding.md §6).
    return e instanceof VerbatimError && (e.code.startsWith('ERR_GUARD_') || e.code === 'ERR_INTAKE_MALFORMED_HTTP')
  }
}

describe('any change to a byte that carries meaning fails verification (fast-check)', () => {
  it('changing any one body byte to any other value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.string({ minLength: 0, maxLength: 40 }), async (at, delta, text) => {
        const s = sign({ body: JSON.stringify({ path: '/workspace/a.txt', text }) })
        const body = new Uint8Array(s.body)
        const i = at % body.length
        body[i] = ((body[i] as number) + delta) % 256
        expect(await refused({ ...s, body })).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('changing any one character of a covered header to any other printable character', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COVERED), fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), async (name, at, code) => {
        const s = sign()
        const value = s.headers[name] ?? ''
        const i = at % value.length
        fc.pre(value.charCodeAt(i) !== code)
        const changed = value.slice(0, i) + String.fromCharCode(code) + value.slice(i + 1)
        expect(await refused({ ...s, headers: { ...s.headers, [name]: changed } })).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('changing any bit of the signature bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 7 }), async (byte, bit) => {
        const s = sign()
        const sig = Buffer.from(/:(.*):/.exec(s.headers.signature ?? '')?.[1] ?? '', 'base64')
        sig[byte] = (sig[byte] as number) ^ (1 << bit)
        expect(await refused({ ...s, headers: { ...s.headers, signature: `verbatim=:${sig.toString('base64')}:` } })).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('changing the method, path or query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('method', 'path', 'query'), fc.stringMatching(/^[A-Za-z0-9/?=._-]{1,12}$/), async (part, extra) => {
        const s = sign()
        const changed = { ...s, [part]: part === 'query' ? `?${extra}` : `${s[part as 'method' | 'path']}${extra}` }
        expect(await refused(changed)).toBe(true)
      }),
      { numRuns: 100 },
    )
  })
})

async function verified(s: Signed): Promise<VerifiedBinding | 'refused'> {
  try {
    return await verifyBinding(request(s), s.body, options())
  } catch (e) {
    if (e instanceof VerbatimError && e.code.startsWith('ERR_GUARD_')) return 'refused'
    throw e
  }
}

describe('no re-spelling changes the meaning: it is refused, or verifies as the very same binding (docs/binding.md §6.1)', () => {
  it('inserting SP, HTAB, a comma or another signer\'s member anywhere in a signature or covered header', async () => {
    const original = await verified(sign({ nonce: 'AAECAwQFBgcICQoLDA0ODw' }))
    expect(original).not.toBe('refused')
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COVERED, 'signature'),
        fc.nat(),
        fc.constantFrom(' ', '\t', '  ', ',', ', ', ';', '0', '.0', ' other=:AAAA:,', ', other=("@method");tag="x"'),
        async (name, at, insert) => {
          const s = sign({ nonce: 'AAECAwQFBgcICQoLDA0ODw' })
          const value = s.headers[name] ?? ''
          const i = at % (value.length + 1)
          const got = await verified({ ...s, headers: { ...s.headers, [name]: value.slice(0, i) + insert + value.slice(i) } })
          if (got !== 'refused') expect(got).toEqual(original)
        },
      ),
      { numRuns: 400 },
    )
  })
})
