import { describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { createByteBudget } from '../../src/http/index.js'
import { closesConnection, readBody, webBodySource } from '../../src/intake/index.js'
import type { BodySource } from '../../src/intake/index.js'

const enc = new TextEncoder()

/** A body source fed by hand: push chunks, end it, fail it. */
function manual(): { source: BodySource; push: (s: string) => void; end: () => void; fail: (e: Error) => void; stopped: () => boolean } {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) })
  const inner = webBodySource(stream)
  let stopped = false
  return {
    source: { chunks: inner.chunks, stop: () => { stopped = true; inner.stop() } },
    push: (s) => ctrl.enqueue(enc.encode(s)),
    end: () => ctrl.close(),
    fail: (e) => ctrl.error(e),
    stopped: () => stopped,
  }
}

const budgetOf = (limit: number) => Object.assign(createByteBudget(limit), { overloaded: () => new VerbatimError('ERR_GATE_OVERLOADED', 'budget spent') })
const failure = async (p: Promise<unknown>): Promise<VerbatimError> => {
  try {
    await p
  } catch (e) {
    if (e instanceof VerbatimError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('body reader: a client that hangs up', () => {
  it('is ERR_INTAKE_ABORTED, and the answer closes the connection', async () => {
    const m = manual()
    const p = readBody(m.source, { maxBytes: 100, declaredLength: '50', transferEncoding: undefined })
    m.push('{"a":')
    m.fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
    const e = await failure(p)
    expect(e.code).toBe('ERR_INTAKE_ABORTED')
    expect(closesConnection(e)).toBe(true)
  })
})

describe('body reader: the time allowed for a body', () => {
  it('stops reading when its deadline fires: ERR_INTAKE_BODY_TIMEOUT, connection closed', async () => {
    const m = manual()
    const deadline = new AbortController()
    const p = readBody(m.source, { maxBytes: 100, declaredLength: undefined, transferEncoding: 'chunked', deadline: () => deadline.signal })
    m.push('{"a":')
    deadline.abort()
    const e = await failure(p)
    expect(e.code).toBe('ERR_INTAKE_BODY_TIMEOUT')
    expect(closesConnection(e)).toBe(true)
    expect(m.stopped()).toBe(true)
  })

  it('reads a body that completes before its deadline', async () => {
    const m = manual()
    const deadline = new AbortController()
    const p = readBody(m.source, { maxBytes: 100, declaredLength: undefined, transferEncoding: 'chunked', deadline: () => deadline.signal })
    m.push('{"a":1}')
    m.end()
    expect(new TextDecoder().decode(await p)).toBe('{"a":1}')
    deadline.abort()
  })
})

describe('body reader: the global budget', () => {
  it('takes a declared length up front and refuses one that does not fit, taking nothing', async () => {
    const budget = budgetOf(100)
    expect(budget.take(60)).toBe(true)
    const m = manual()
    const e = await failure(readBody(m.source, { maxBytes: 1000, declaredLength: '50', transferEncoding: undefined, budget }))
    expect(e.code).toBe('ERR_GATE_OVERLOADED')
    expect(closesConnection(e)).toBe(true)
    expect(budget.inUse).toBe(60)
  })

  it('takes chunked bytes as they arrive, gives them all back on a refusal, and hands the caller exactly the body on success', async () => {
    const budget = budgetOf(10)
    const m = manual()
    const p = readBody(m.source, { maxBytes: 1000, declaredLength: undefined, transferEncoding: 'chunked', budget })
    m.push('{"a":"')
    m.push('xxxxxxxx"}')
    expect((await failure(p)).code).toBe('ERR_GATE_OVERLOADED')
    expect(budget.inUse).toBe(0)
    const ok = manual()
    const q = readBody(ok.source, { maxBytes: 1000, declaredLength: undefined, transferEncoding: 'chunked', budget })
    ok.push('{"a":1}')
    ok.end()
    expect((await q).byteLength).toBe(7)
    expect(budget.inUse).toBe(7)
    expect(budget.highWater).toBeLessThanOrEqual(10)
  })

  it('gives back what a failed read took when the body is too large', async () => {
    const budget = budgetOf(1000)
    const m = manual()
    const p = readBody(m.source, { maxBytes: 8, declaredLength: undefined, transferEncoding: 'chunked', budget })
    m.push('{"a":"xxxxxxxxxx"}')
    expect((await failure(p)).code).toBe('ERR_INTAKE_TOO_LARGE')
    expect(budget.inUse).toBe(0)
  })
})
