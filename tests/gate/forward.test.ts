import { once } from 'node:events'
import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { createForwarders } from '../../src/gate/forward.js'
import type { ForwardRequest } from '../../src/gate/forward.js'

/**
 * The forwarder on real sockets: what it sends, each failure's code, status and `sent`, and the
 * deadlines. A stalled upstream never answers, so a deadline is the only way out: the tests assert
 * which error, never how long it took.
 */
const closers: Array<() => Promise<void>> = []
afterEach(async () => { for (const c of closers.splice(0)) await c() })

async function upstream(handler: (body: Buffer, res: ServerResponse, headers: Record<string, unknown>) => void): Promise<URL> {
  const open = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    open.add(res)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handler(Buffer.concat(chunks), res, req.headers))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  closers.push(async () => { server.closeAllConnections(); server.close() })
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/tools/fs.read`)
}

function forwarders() {
  const f = createForwarders(4)
  closers.push(f.close)
  return f
}

const req = (url: URL, over: Partial<ForwardRequest> = {}): ForwardRequest => ({
  url, headers: { 'content-type': 'application/json', 'x-bound': 'yes' }, body: new TextEncoder().encode('{"path":"/workspace/a"}'),
  timeoutMs: 5_000, maxResponseBytes: 1024, ...over,
})

async function failure(p: Promise<unknown>): Promise<VerbatimError> {
  const e = await p.then(() => undefined, (err: unknown) => err)
  expect(e).toBeInstanceOf(VerbatimError)
  return e as VerbatimError
}

describe('gate forwarder', () => {
  it('sends exactly the bytes and headers given, with an explicit Content-Length, and buffers the answer', async () => {
    let seen: { body: string; headers: Record<string, unknown> } | undefined
    const url = await upstream((body, res, headers) => {
      seen = { body: body.toString(), headers }
      res.end('{"ok":true}')
    })
    const r = await forwarders().forward(req(url))
    expect(r.status).toBe(200)
    expect(Buffer.from(r.body).toString()).toBe('{"ok":true}')
    expect(seen?.body).toBe('{"path":"/workspace/a"}')
    expect(seen?.headers['content-length']).toBe('23')
    expect(seen?.headers['x-bound']).toBe('yes')
    expect(seen?.headers['transfer-encoding']).toBeUndefined()
  })

  it('a refused connection is 502 with sent: false (the one case a caller may retry)', async () => {
    const s = createTcpServer()
    s.listen(0, '127.0.0.1')
    await once(s, 'listening')
    const port = (s.address() as AddressInfo).port
    s.close()
    await once(s, 'close')
    const e = await failure(forwarders().forward(req(new URL(`http://127.0.0.1:${port}/v1/tools/fs.read`))))
    expect(e.code).toBe('ERR_GATE_UPSTREAM_UNAVAILABLE')
    expect(e.status).toBe(502)
    expect(e.detail).toMatchObject({ sent: false, fault: true })
  })

  it('an answer past maxResponseBytes is 502 with sent: true', async () => {
    const url = await upstream((_b, res) => res.end('x'.repeat(5000)))
    const e = await failure(forwarders().forward(req(url)))
    expect(e.code).toBe('ERR_GATE_UPSTREAM_UNAVAILABLE')
    expect(e.detail).toMatchObject({ sent: true })
  })

  it('no head before the first-byte deadline is 504 ERR_GATE_UPSTREAM_TIMEOUT, sent: true', async () => {
    const url = await upstream(() => undefined)
    const e = await failure(forwarders().forward(req(url, { firstByteTimeoutMs: 50 })))
    expect(e.code).toBe('ERR_GATE_UPSTREAM_TIMEOUT')
    expect(e.status).toBe(504)
    expect(e.detail).toMatchObject({ sent: true, fault: true })
  })

  it('a call still queued for a connection when its deadline passes is 504 at its deadline, not when a connection frees', async () => {
    // One connection, held by a call the upstream never answers: the second call waits in the pool.
    const held: ServerResponse[] = []
    const url = await upstream((_b, res) => void held.push(res))
    const f = createForwarders(1)
    closers.push(f.close)
    const first = f.forward(req(url, { timeoutMs: 60_000 })).then(() => 'answered', (e: VerbatimError) => e.code)
    const e = await failure(f.forward(req(url, { timeoutMs: 50 })))
    expect(e.code).toBe('ERR_GATE_UPSTREAM_TIMEOUT')
    expect(e.status).toBe(504)
    expect(held.length).toBe(1)
    held[0]?.end('{}')
    expect(await first).toBe('answered')
  })

  it('a head, then a body that trickles past the total deadline, is 504 ERR_GATE_UPSTREAM_TIMEOUT', async () => {
    // Each chunk comes well inside the body's idle timeout; only the total deadline can end it.
    const url = await upstream((_b, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('[')
      const t = setInterval(() => res.write(' '), 10)
      res.on('close', () => clearInterval(t))
    })
    const e = await failure(forwarders().forward(req(url, { timeoutMs: 150, maxResponseBytes: 1 << 20 })))
    expect(e.code).toBe('ERR_GATE_UPSTREAM_TIMEOUT')
    expect(e.detail).toMatchObject({ sent: true, fault: true })
  })

  it('a stream is answered at its head and is not cut by the total deadline', async () => {
    const url = await upstream((_b, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: 1\n\n')
    })
    const s = await forwarders().stream(req(url, { timeoutMs: 20 }))
    expect(s.status).toBe(200)
    const [first] = (await once(s.body, 'data')) as [Buffer]
    expect(first.toString()).toBe('data: 1\n\n')
    s.body.destroy()
  })
})
