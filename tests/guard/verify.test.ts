import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildVectors, jwks } from '../../src/binding/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import type { ErrorCode } from '../../src/errors/index.js'
import { MemoryReplayStore, jwksKeyResolver, verifyBinding } from '../../src/guard/index.js'
import type { ReplayStore } from '../../src/guard/index.js'
import { KEY, NOW, OTHER_KEY, options, request, sign } from './helpers.js'
import type { Signed } from './helpers.js'

async function codeOf(p: Promise<unknown>): Promise<ErrorCode | 'accepted'> {
  try {
    await p
    return 'accepted'
  } catch (e) {
    if (e instanceof VerbatimError) return e.code
    throw e
  }
}

const withHeaders = (s: Signed, h: Record<string, string | undefined>): Signed => {
  const headers = { ...s.headers, ...h }
  for (const [k, v] of Object.entries(h)) if (v === undefined) delete headers[k]
  return { ...s, headers: headers as Record<string, string> }
}
const flipSig = (s: Signed): Signed => withHeaders(s, { signature: s.headers.signature?.replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`) })
const verify = (s: Signed, o = options()): Promise<unknown> => verifyBinding(request(s), s.body, o)

describe('verifyBinding accepts', () => {
  it('a fresh binding and returns the decision, the value and the recomputed digest', async () => {
    const s = sign()
    const v = await verifyBinding(request(s), s.body, options())
    expect(v).toMatchObject({ decisionId: 'dec-1', agent: 'coder', tool: 'fs.read', audience: 'sandbox-1', value: { path: '/workspace/a.txt' }, created: NOW, expires: NOW + 60 })
    expect(v.digest).toBe(createHash('sha256').update(s.body).digest('hex'))
    expect(Buffer.from(v.bytes).toString()).toBe('{"path":"/workspace/a.txt"}')
  })

  it('at both edges of the window: created - skew and expires + skew', async () => {
    expect(await codeOf(verify(sign(), options({ now: NOW - 30 })))).toBe('accepted')
    expect(await codeOf(verify(sign(), options({ now: NOW + 60 + 30 })))).toBe('accepted')
  })
})

describe('verifyBinding refuses, each with its code', () => {
  it('no signature headers: ERR_GUARD_SIGNATURE_MISSING', async () => {
    expect(await codeOf(verify(withHeaders(sign(), { signature: undefined, 'signature-input': undefined })))).toBe('ERR_GUARD_SIGNATURE_MISSING')
  })
  it('a second verbatim-v1 signature: ERR_GUARD_SIGNATURE_MULTIPLE', async () => {
    const s = sign()
    const si = s.headers['signature-input'] ?? ''
    const sg = s.headers.signature ?? ''
    expect(await codeOf(verify(withHeaders(s, { 'signature-input': `${si}, b=${si.slice(9)}`, signature: `${sg}, b=${sg.slice(9)}` })))).toBe('ERR_GUARD_SIGNATURE_MULTIPLE')
  })
  it('a renamed label: ERR_GUARD_SIGNATURE_MULTIPLE (labels do not pair up)', async () => {
    const s = sign()
    expect(await codeOf(verify(withHeaders(s, { signature: s.headers.signature?.replace(/^verbatim=/, 'other=') })))).toBe('ERR_GUARD_SIGNATURE_MULTIPLE')
  })
  it('a Signature-Input that is not a dictionary: ERR_GUARD_SIGNATURE_MALFORMED', async () => {
    expect(await codeOf(verify(withHeaders(sign(), { 'signature-input': '(((' })))).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  it('a missing nonce parameter: ERR_GUARD_PARAMS_MISSING', async () => {
    const s = sign()
    expect(await codeOf(verify(withHeaders(s, { 'signature-input': s.headers['signature-input']?.replace(/;nonce="[^"]*"/, '') })))).toBe('ERR_GUARD_PARAMS_MISSING')
  })
  it('a missing Content-Digest header: ERR_GUARD_PARAMS_MISSING', async () => {
    expect(await codeOf(verify(withHeaders(sign(), { 'content-digest': undefined })))).toBe('ERR_GUARD_PARAMS_MISSING')
  })
  it('an algorithm off the allow-list: ERR_GUARD_ALG_UNSUPPORTED', async () => {
    const s = sign()
    expect(await codeOf(verify(withHeaders(s, { 'signature-input': s.headers['signature-input']?.replace('"ed25519"', '"hmac-sha256"') })))).toBe('ERR_GUARD_ALG_UNSUPPORTED')
  })
  it('created beyond now + skew: ERR_GUARD_NOT_YET_VALID', async () => {
    expect(await codeOf(verify(sign(), options({ now: NOW - 31 })))).toBe('ERR_GUARD_NOT_YET_VALID')
  })
  it('a window longer than maxTtl: ERR_GUARD_NOT_YET_VALID', async () => {
    expect(await codeOf(verify(sign({ ttl: 301 })))).toBe('ERR_GUARD_NOT_YET_VALID')
  })
  it('past expires + skew: ERR_GUARD_EXPIRED', async () => {
    expect(await codeOf(verify(sign(), options({ now: NOW + 60 + 31 })))).toBe('ERR_GUARD_EXPIRED')
  })
  it('created at or before guard start + skew (restart rule): ERR_GUARD_BEFORE_START', async () => {
    expect(await codeOf(verify(sign(), options({ startedAt: NOW - 30 })))).toBe('ERR_GUARD_BEFORE_START')
    expect(await codeOf(verify(sign(), options({ startedAt: NOW - 31 })))).toBe('accepted')
  })
  it('a binding used just before a restart cannot be replayed after it (memory store)', async () => {
    const s = sign()
    expect(await codeOf(verify(s, options({ now: NOW + 1, startedAt: NOW - 100 })))).toBe('accepted')
    // The process restarts at NOW + 20 with an empty store; the replay comes at NOW + 21.
    expect(await codeOf(verify(s, options({ now: NOW + 21, startedAt: NOW + 20 })))).toBe('ERR_GUARD_BEFORE_START')
  })
  it('inside the restart window, a forged signature is still ERR_GUARD_SIGNATURE_INVALID (so gate probes work)', async () => {
    expect(await codeOf(verify(flipSig(sign()), options({ startedAt: NOW })))).toBe('ERR_GUARD_SIGNATURE_INVALID')
  })
  it('an unknown keyid: ERR_GUARD_KEY_UNKNOWN', async () => {
    expect(await codeOf(verify(sign({ key: OTHER_KEY })))).toBe('ERR_GUARD_KEY_UNKNOWN')
  })
  it('a corrupted signature: ERR_GUARD_SIGNATURE_INVALID', async () => {
    expect(await codeOf(verify(flipSig(sign())))).toBe('ERR_GUARD_SIGNATURE_INVALID')
  })
  it('a decision header edited after signing: ERR_GUARD_SIGNATURE_INVALID', async () => {
    const s = sign()
    expect(await codeOf(verify(withHeaders(s, { 'verbatim-decision': s.headers['verbatim-decision']?.replace('"coder"', '"admin"') })))).toBe('ERR_GUARD_SIGNATURE_INVALID')
  })
  it('a query appended in transit: ERR_GUARD_SIGNATURE_INVALID', async () => {
    expect(await codeOf(verify({ ...sign(), query: '?x=1' }))).toBe('ERR_GUARD_SIGNATURE_INVALID')
  })
  it('a body that does not match Content-Digest: ERR_GUARD_DIGEST_MISMATCH', async () => {
    expect(await codeOf(verify({ ...sign(), body: new TextEncoder().encode('{"path":"/workspace/b.txt"}') }))).toBe('ERR_GUARD_DIGEST_MISMATCH')
  })
  it('another audience: ERR_GUARD_AUDIENCE', async () => {
    expect(await codeOf(verify(sign({ decision: { audience: 'sandbox-2' } })))).toBe('ERR_GUARD_AUDIENCE')
  })
  it('a path that names another tool than the decision: ERR_GUARD_TARGET_MISMATCH', async () => {
    expect(await codeOf(verify(sign({ path: '/v1/tools/fs.write' })))).toBe('ERR_GUARD_TARGET_MISMATCH')
  })
  it('a method other than POST: ERR_GUARD_TARGET_MISMATCH', async () => {
    expect(await codeOf(verify(sign({ method: 'PUT' })))).toBe('ERR_GUARD_TARGET_MISMATCH')
  })
  it('a replay of an accepted binding: ERR_GUARD_REPLAY', async () => {
    const o = options()
    const s = sign()
    expect(await codeOf(verify(s, o))).toBe('accepted')
    expect(await codeOf(verify(s, o))).toBe('ERR_GUARD_REPLAY')
  })
  it('a replay store that fails: ERR_GUARD_REPLAY_STORE (fail closed)', async () => {
    const broken: ReplayStore = { claim: async () => { throw new Error('down') } }
    expect(await codeOf(verify(sign(), options({ replay: broken })))).toBe('ERR_GUARD_REPLAY_STORE')
  })
  it('a body not in canonical form: ERR_GUARD_NOT_CANONICAL', async () => {
    expect(await codeOf(verify(sign({ body: '{"b":1,"a":2}' })))).toBe('ERR_GUARD_NOT_CANONICAL')
    expect(await codeOf(verify(sign({ body: '{"a":1.0}' })))).toBe('ERR_GUARD_NOT_CANONICAL')
    expect(await codeOf(verify(sign({ body: '{"a":1,"a":2}' })))).toBe('ERR_GUARD_NOT_CANONICAL')
  })
})

describe('verifyBinding order (docs/binding.md §6): the earlier failing step wins', () => {
  const cases: Array<[string, () => Promise<unknown>, ErrorCode]> = [
    ['bad alg and expired', () => { const s = sign(); return verify(withHeaders(s, { 'signature-input': s.headers['signature-input']?.replace('"ed25519"', '"x"') }), options({ now: NOW + 999 })) }, 'ERR_GUARD_ALG_UNSUPPORTED'],
    ['expired and unknown key', () => verify(sign({ key: OTHER_KEY }), options({ now: NOW + 999 })), 'ERR_GUARD_EXPIRED'],
    ['unknown key and bad signature', () => verify(flipSig(sign({ key: OTHER_KEY }))), 'ERR_GUARD_KEY_UNKNOWN'],
    ['bad signature and digest mismatch', () => verify({ ...flipSig(sign()), body: new Uint8Array([1]) }), 'ERR_GUARD_SIGNATURE_INVALID'],
    ['digest mismatch and wrong audience', () => verify({ ...sign({ decision: { audience: 'x' } }), body: new Uint8Array([1]) }), 'ERR_GUARD_DIGEST_MISMATCH'],
    ['wrong audience and wrong target', () => verify(sign({ decision: { audience: 'x' }, path: '/v1/tools/other' })), 'ERR_GUARD_AUDIENCE'],
    ['wrong target and not canonical', () => verify(sign({ path: '/v1/tools/other', body: '{"b":1,"a":2}' })), 'ERR_GUARD_TARGET_MISMATCH'],
  ]
  it.each(cases)('%s', async (_name, run, code) => {
    expect(await codeOf(run())).toBe(code)
  })

  it('a replayed nonce with a non-canonical body is a replay first', async () => {
    const o = options()
    const s = sign({ body: '{"b":1,"a":2}' })
    expect(await codeOf(verify(s, o))).toBe('ERR_GUARD_NOT_CANONICAL')
    expect(await codeOf(verify(s, o))).toBe('ERR_GUARD_REPLAY')
  })
})

describe('nonces', () => {
  it('are claimed only after the signature verifies: a forged request does not burn the nonce', async () => {
    const o = options()
    const s = sign()
    expect(await codeOf(verify(flipSig(s), o))).toBe('ERR_GUARD_SIGNATURE_INVALID')
    expect(await codeOf(verify({ ...s, body: new Uint8Array([1]) }, o))).toBe('ERR_GUARD_DIGEST_MISMATCH')
    expect(await codeOf(verify(s, o))).toBe('accepted')
  })

  it('are held for the window plus the skew, plus the second the whole-second window check leaves open', async () => {
    const held: number[] = []
    const spy: ReplayStore = { claim: async (_n, ttl) => { held.push(ttl); return true } }
    await verify(sign({ ttl: 60 }), options({ replay: spy, now: NOW + 5, skewSeconds: 30 }))
    expect(held).toEqual([(60 + 30 - 5 + 1) * 1000])
  })

  it('a refusal after parsing carries the decision for the execution log', async () => {
    try {
      await verify(flipSig(sign()))
      expect.unreachable()
    } catch (e) {
      expect((e as VerbatimError).detail).toMatchObject({ decisionId: 'dec-1', agent: 'coder', tool: 'fs.read', created: NOW })
    }
  })
})

describe('MemoryReplayStore', () => {
  it('fails closed when full of live nonces and never evicts one', async () => {
    let t = 0
    const store = new MemoryReplayStore({ maxEntries: 2, now: () => t })
    expect(await store.claim('a', 1000)).toBe(true)
    expect(await store.claim('b', 1000)).toBe(true)
    await expect(store.claim('c', 1000)).rejects.toMatchObject({ code: 'ERR_GUARD_REPLAY_STORE', status: 503 })
    expect(await store.claim('a', 1000)).toBe(false)
    t = 1000
    expect(await store.claim('c', 1000)).toBe(true)
    expect(await store.claim('a', 1000)).toBe(true)
    expect(store.size).toBe(2)
  })

  it('forgets a nonce once its hold time passed', async () => {
    let t = 0
    const store = new MemoryReplayStore({ now: () => t })
    expect(await store.claim('n', 10)).toBe(true)
    t = 9
    expect(await store.claim('n', 10)).toBe(false)
    t = 10
    expect(await store.claim('n', 10)).toBe(true)
  })
})

describe('published negative vectors (docs/binding-vectors.json)', () => {
  const v = buildVectors()
  it.each(v.negative.map((n) => [n.name, n] as const))('%s', async (_name, n) => {
    const body = new Uint8Array(Buffer.from(n.request.bodyBase64, 'base64'))
    const h = new Map(Object.entries(n.request.headers))
    const code = await codeOf(verifyBinding({ method: n.request.method, path: n.request.path, query: n.request.query, headers: (k) => h.get(k) ?? null }, body, {
      audience: n.verifier.audience, keys: jwksKeyResolver({ jwks: { keys: n.verifier.keys } }), replay: new MemoryReplayStore(), now: n.verifier.now,
    }))
    expect(code).toBe(n.expectCode)
  })
  it('the positive vector verifies', async () => {
    const h = new Map(Object.entries(v.expected.headers))
    const r = await verifyBinding({ method: 'POST', path: v.input.path, query: '', headers: (k) => h.get(k) ?? null }, new TextEncoder().encode(v.input.body), {
      audience: v.verifier.audience, keys: jwksKeyResolver({ jwks: jwks([KEY]) }), replay: new MemoryReplayStore(), now: v.verifier.now,
    })
    expect(r.decisionId).toBe(v.input.decision.id)
  })
})
