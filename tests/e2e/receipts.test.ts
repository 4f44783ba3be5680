/**
 * The gate checks the receipt of every forwarded call before a byte of the answer reaches the
 * agent. A middlebox between gate and guard strips, forges or swaps answers; each time the agent
 * gets 502 ERR_GUARD_RECEIPT_INVALID saying the call was forwarded, never another call's result,
 * and the upstream is marked unguarded until a full probe passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, signReceipt } from '../../src/binding/index.js'
import type { ReceiptClaims } from '../../src/binding/index.js'
import { startStack } from '../helpers/stack.js'
import type { Answer, Stack } from '../helpers/stack.js'

type Mode = 'pass' | 'strip' | 'forge' | 'swap'
let mode: Mode = 'pass'
let s: Stack
const impostor = await generateKeyPair()
let held: { answer: Answer; release: (a: Answer) => void } | undefined

beforeAll(async () => {
  s = await startStack({
    guard: { maxBodyBytes: 64 },
    middlebox: {
      answer: (a) => {
        const headers = { ...a.headers }
        if (mode === 'strip') delete headers['verbatim-receipt']
        if (mode === 'forge') {
          const claims = JSON.parse(Buffer.from(String(a.headers['verbatim-receipt']).split('.')[1] ?? '', 'base64url').toString()) as ReceiptClaims
          headers['verbatim-receipt'] = signReceipt(claims, impostor)
        }
        if (mode !== 'swap') return { ...a, headers }
        // Hold the first answer until the second arrives, then give each call the other's answer.
        if (held === undefined) return new Promise<Answer>((release) => (held = { answer: a, release }))
        const first = held
        held = undefined
        first.release(a)
        return first.answer
      },
    },
  })
})
afterAll(async () => s.close())

const forwardOf = async (decisionId: string | null): Promise<Record<string, unknown> | undefined> =>
  (await s.approved()).find((r) => r.type === 'forward' && r.decisionId === decisionId) as Record<string, unknown> | undefined

async function restore(): Promise<void> {
  mode = 'pass'
  await s.gate.probe()
  expect(s.gate.deps.upstreams.get('sandbox')?.guard).toBe('guarded')
}

describe('receipts checked at the gate', () => {
  it('relays an honest answer whose receipt names this call, and records the receipt', async () => {
    const r = await s.call('t.run', '{"n":1}')
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ ran: { n: 1 } })
    const fwd = await forwardOf(r.headers.get('verbatim-decision-id'))
    expect(fwd?.receipt).toBe(r.headers.get('verbatim-receipt'))
    expect(fwd?.code).toBeUndefined()
  })

  it('withholds an answer whose receipt was stripped: 502, forwarded, no Retry-After, upstream unguarded', async () => {
    mode = 'strip'
    const ran = s.ran.length
    const r = await s.call('t.run', '{"n":2}')
    expect(r.status).toBe(502)
    expect(r.headers.get('retry-after')).toBeNull()
    const body = (await r.json()) as { code: string; detail: string }
    expect(body.code).toBe('ERR_GUARD_RECEIPT_INVALID')
    expect(body.detail).toMatch(/forwarded .* may have run/)
    expect(JSON.stringify(body)).not.toContain('"ran"')
    expect(s.ran.length).toBe(ran + 1) // it did run: that is why the agent is told not to repeat it blindly
    const fwd = await forwardOf(r.headers.get('verbatim-decision-id'))
    expect(fwd).toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID', status: 200 })
    expect(String(fwd?.receiptFault)).toContain('no Verbatim-Receipt')
    expect(s.gateLog.join('\n')).toMatch(/RECEIPT FAULT from upstream 'sandbox'/)
    // Fail closed for later calls, and an on-demand probe does not lift it.
    expect(s.gate.deps.upstreams.get('sandbox')?.guard).toBe('unguarded')
    mode = 'pass'
    const next = await s.call('t.run', '{"n":3}')
    expect(((await next.json()) as { code: string }).code).toBe('ERR_GATE_UPSTREAM_UNGUARDED')
    expect(s.ran.length).toBe(ran + 1)
    await restore()
    expect((await s.call('t.run', '{"n":4}')).status).toBe(200)
  })

  it('withholds an answer whose receipt a middlebox signed with its own key', async () => {
    mode = 'forge'
    const r = await s.call('t.run', '{"n":5}')
    expect(r.status).toBe(502)
    expect(await r.json()).toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID', detail: expect.stringContaining('not a trusted guard key') as unknown })
    await restore()
  })

  it('never gives one agent the answer of another call when a middlebox swaps two answers', async () => {
    mode = 'swap'
    const [a, b] = await Promise.all([s.call('t.run', '{"who":"a"}'), s.call('t.run', '{"who":"b"}')])
    for (const r of [a, b]) {
      expect(r.status).toBe(502)
      const text = await r.text()
      expect(text).toContain('ERR_GUARD_RECEIPT_INVALID')
      expect(text).not.toContain('"who"')
    }
    await restore()
  })

  it("relays a guard's refusal, which ran nothing and carries no receipt, and keeps the upstream guarded", async () => {
    const ran = s.ran.length
    const r = await s.call('t.run', JSON.stringify({ pad: 'x'.repeat(100) }))
    expect(r.status).toBe(413)
    expect(await r.json()).toMatchObject({ code: 'ERR_INTAKE_TOO_LARGE' })
    expect(s.ran.length).toBe(ran)
    expect(s.gate.deps.upstreams.get('sandbox')?.guard).toBe('guarded')
    expect(await forwardOf(r.headers.get('verbatim-decision-id'))).toMatchObject({ status: 413, refusedByGuard: true })
  })
})

describe('without receipt keys', () => {
  it('warns at start that answers are relayed unverified', async () => {
    const bare = await startStack({ receipts: false })
    try {
      expect(bare.gateLog.join('\n')).toMatch(/WARNING: upstream 'sandbox' has no receipts key set: its answers are relayed WITHOUT verification/)
      expect((await bare.call('t.run', '{"n":1}')).status).toBe(200)
    } finally {
      await bare.close()
    }
  })
})
