import { describe, expect, it } from 'vitest'
import { TOKEN, harness } from './harness.js'

describe('gate: the time allowed for a body (limits.bodyTimeoutMs)', () => {
  it('answers 408 ERR_INTAKE_BODY_TIMEOUT when the deadline fires mid-body, closes the connection, audits it and forwards nothing', async () => {
    const deadline = new AbortController()
    const h = await harness({ bodyDeadline: () => deadline.signal })
    let ctrl!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) })
    const pending = h.app.request('/v1/tools/fs.read', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    ctrl.enqueue(new TextEncoder().encode('{"path":'))
    deadline.abort()
    const res = await pending
    expect(res.status).toBe(408)
    expect(res.headers.get('connection')).toBe('close')
    expect(await res.json()).toMatchObject({ code: 'ERR_INTAKE_BODY_TIMEOUT' })
    expect(h.sent).toEqual([])
    const rec = (await h.records()).find((r) => r.type === 'decision')
    expect(rec).toMatchObject({ verdict: 'reject', code: 'ERR_INTAKE_BODY_TIMEOUT' })
  })
})
