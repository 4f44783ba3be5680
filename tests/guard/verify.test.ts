import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sign as edSign } from 'node:crypto'
import { VerbatimError } from '../../src/errors/index.js'
import type { ErrorCode } from '../../src/errors/index.js'
import { MemoryReplayStore, verifyBinding } from '../../src/guard/index.js'
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
    expect(await codeOf(verify(withHeaders(s, { 'signature-input': s.headers['signature-input']?.replace(/keyid="[^"]+"/, 'keyid="unknown"') }), o))).toBe('ERR_GUARD_KEY_UNKNOWN')
    expect(await codeOf(verify(s, o))).toBe('accepted')
  })

  it('are spent by every refusal after the signature verified: the binding stays refused, whatever comes next', async () => {
    const cases: Array<[string, Signed, Partial<Parameters<typeof options>[0]>, ErrorCode]> = [
      ['another body (step 7)', sign(), {}, 'ERR_GUARD_DIGEST_MISMATCH'],
      ['another audience (step 8)', sign({ decision: { audience: 'sandbox-2' } }), {}, 'ERR_GUARD_AUDIENCE'],
      ['another tool in the path (step 9)', sign({ path: '/v1/tools/fs.write' }), {}, 'ERR_GUARD_TARGET_MISMATCH'],
      ['the restart rule (step 10a)', sign(), { startedAt: NOW - 30 }, 'ERR_GUARD_BEFORE_START'],
    ]
    for (const [what, s, over, code] of cases) {
      const replay = new MemoryReplayStore()
      const sent = code === 'ERR_GUARD_DIGEST_MISMATCH' ? { ...s, body: new Uint8Array([1]) } : s
      expect(await codeOf(verify(sent, options({ replay, ...over }))), what).toBe(code)
      expect(replay.size, what).toBe(1)
      // The same binding later, to a guard that would otherwise accept it (refilled, or the right body).
      const fixed = code === 'ERR_GUARD_AUDIENCE' ? { audience: 'sandbox-2' } : {}
      expect(await codeOf(verify(s, options({ replay, ...fixed }))), what).toBe(code === 'ERR_GUARD_TARGET_MISMATCH' ? code : 'ERR_GUARD_REPLAY')
    }
  })

  it('a refusal after the signature verified says so for the executed log (spent); one before it does not', async () => {
    const detailOf = async (p: Promise<unknown>): Promise<Record<string, unknown> | undefined> => p.then(() => undefined, (e: VerbatimError) => e.detail)
    expect(await detailOf(verify(sign(), options({ startedAt: NOW - 30 })))).toMatchObject({ spent: true })
    expect(await detailOf(verify(flipSig(sign())))).not.toHaveProperty('spent')
  })

  it('a store that learns of its own loss during the claim: the restart rule applies from the loss', async () => {
    let lostAt: number | undefined = NOW - 3600
    const store: ReplayStore = {
      get lostAt() { return lostAt },
      claim: async () => {
        lostAt = NOW + 4 // the claim found the store's epoch gone
        return true
      },
    }
    expect(await codeOf(verify(sign(), options({ replay: store, now: NOW + 5 })))).toBe('ERR_GUARD_BEFORE_START')
    // A binding created after the loss + skew is accepted.
    expect(await codeOf(verify(sign({ now: NOW + 35 }), options({ replay: store, now: NOW + 36 })))).toBe('accepted')
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

describe('step 0: the content type', () => {
  it.each([
    ['no Content-Type', undefined],
    ['text/plain', 'text/plain'],
    ['application/json with another charset', 'application/json; charset=iso-8859-1'],
    ['a type that only starts like JSON', 'application/jsonp'],
  ])('refuses %s with ERR_GUARD_CONTENT_TYPE (415)', async (_name, type) => {
    const e = await verify(withHeaders(sign(), { 'content-type': type })).catch((x: unknown) => x)
    expect(e).toMatchObject({ code: 'ERR_GUARD_CONTENT_TYPE', status: 415 })
  })
  it.each(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON;charset="UTF-8"'])('accepts %s', async (type) => {
    expect(await codeOf(verify(withHeaders(sign(), { 'content-type': type })))).toBe('accepted')
  })
  it('comes before the signature: an unsigned text/plain request is ERR_GUARD_CONTENT_TYPE', async () => {
    expect(await codeOf(verify(withHeaders(sign(), { 'content-type': 'text/plain', signature: undefined, 'signature-input': undefined })))).toBe('ERR_GUARD_CONTENT_TYPE')
  })
})

describe('one spelling per binding', () => {
  const si = (s: Signed): string => s.headers['signature-input'] ?? ''
  it.each([
    ['created=N.0 (a Decimal)', (x: string) => x.replace(/created=(\d+)/, 'created=$1.0')],
    ['expires=N.0 (a Decimal)', (x: string) => x.replace(/expires=(\d+)/, 'expires=$1.0')],
    ['created=N.000', (x: string) => x.replace(/created=(\d+)/, 'created=$1.000')],
    ['a leading zero', (x: string) => x.replace('created=', 'created=00')],
    ['a repeated parameter', (x: string) => x.replace(';expires=', `;created=${NOW};expires=`)],
    ['a space inside the inner list', (x: string) => x.replace('("@method"', '( "@method"')],
    ['the member written twice', (x: string) => `${x}, ${x}`],
  ])('refuses a Signature-Input spelled with %s: ERR_GUARD_SIGNATURE_MALFORMED', async (_name, respell) => {
    const s = sign()
    expect(await codeOf(verify(withHeaders(s, { 'signature-input': respell(si(s)) })))).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })

  it('refuses a tab inside a signed header value even when the signature covers it', async () => {
    const s = sign()
    const dec = s.headers['verbatim-decision'] ?? ''
    const tabbed = dec.replace(', agent=', ',\tagent=')
    // The base the gate would have had to sign: the same lines with the tab in them.
    const base = [
      '"@method": POST', `"@path": ${s.path}`, '"@query": ?', `"content-digest": ${s.headers['content-digest'] ?? ''}`,
      `"verbatim-decision": ${tabbed}`, `"@signature-params": ${si(s).slice('verbatim='.length)}`,
    ].join('\n')
    const signature = `verbatim=:${edSign(null, Buffer.from(base, 'latin1'), KEY.privateKey).toString('base64')}:`
    expect(await codeOf(verify(withHeaders(s, { 'verbatim-decision': tabbed, signature })))).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })

  it('strips leading and trailing tabs and spaces of a field value (RFC 9421 §2.1): the binding still verifies', async () => {
    const s = sign()
    expect(await codeOf(verify(withHeaders(s, { 'verbatim-decision': `\t${s.headers['verbatim-decision'] ?? ''} `, 'content-digest': ` ${s.headers['content-digest'] ?? ''}\t` })))).toBe('accepted')
  })

  it('treats an empty Signature field as absent: ERR_GUARD_SIGNATURE_MISSING', async () => {
    expect(await codeOf(verify(withHeaders(sign(), { signature: ' ' })))).toBe('ERR_GUARD_SIGNATURE_MISSING')
  })
})

describe('the policy member', () => {
  it.each([31, 33, 0])('refuses a policy digest of %i bytes: ERR_GUARD_SIGNATURE_MALFORMED', async (n) => {
    const s = sign()
    const dec = (s.headers['verbatim-decision'] ?? '').replace(/policy=:[^:]*:/, `policy=:${Buffer.alloc(n, 1).toString('base64')}:`)
    expect(await codeOf(verify(withHeaders(s, { 'verbatim-decision': dec })))).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  it('returns a 32-byte policy digest as lowercase hex', async () => {
    const s = sign()
    const v = await verifyBinding(request(s), s.body, options())
    expect(v.policyDigest).toMatch(/^[0-9a-f]{64}$/)
  })
})
