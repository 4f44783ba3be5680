/**
 * A streamed answer's writes: what the gate (writeReply) and the guard (its MCP HTTP executor)
 * have to send in one turn of the event loop leaves in one write, and a stream with nothing to say
 * still has its head on the wire. Real servers and sockets on loopback; the writes are counted on
 * the real socket (its Writable `_write`/`_writev`, each one write to the kernel).
 */
import { createServer, request } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { PassThrough, Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { writeReply } from '../../src/gate/http/exchange.js'
import { mcpHttpHandler } from '../../src/guard/mcp-http.js'
import type { VerifiedBinding } from '../../src/guard/types.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const s = createServer(handler)
  servers.push(s)
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  return (s.address() as AddressInfo).port
}

/** Counts the writes to the kernel a response's socket makes. */
function countWrites(res: ServerResponse): { n: number } {
  const count = { n: 0 }
  const sock = res.socket as Socket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void }
  for (const m of ['_write', '_writev'] as const) {
    const orig = sock[m].bind(sock)
    sock[m] = (...a: unknown[]) => {
      count.n++
      orig(...a)
    }
  }
  return count
}

/** A raw GET on its own connection: `until(s)` resolves with everything the server sent once it has sent `s`. */
function rawGet(port: number): { until(s: string): Promise<string>; close(): void } {
  const sock = connect(port, '127.0.0.1', () => sock.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n'))
  let out = ''
  const waiting: Array<{ s: string; done: (o: string) => void }> = []
  sock.on('data', (d: Buffer) => {
    out += d.toString('latin1')
    for (const w of waiting.splice(0)) {
      if (out.includes(w.s)) w.done(out)
      else waiting.push(w)
    }
  })
  return {
    until: (s) => new Promise((done) => (out.includes(s) ? done(out) : waiting.push({ s, done }))),
    close: () => sock.destroy(),
  }
}

/** Events that come one after another, each after an await (as the gate's SSE inspector yields them). */
async function* events(): AsyncGenerator<string> {
  yield 'id: 1\ndata: \n\n'
  await Promise.resolve()
  yield 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n'
}

describe('streamed answers leave in as few writes as they came', () => {
  it('gate: the head, two events and the end that are ready in one turn leave in one write', async () => {
    let writes: { n: number } | undefined
    const port = await serve((_req, res) => {
      writes = countWrites(res)
      writeReply(res, { status: 200, headers: { 'content-type': 'text/event-stream' }, body: Readable.from(events()) })
    })
    const c = rawGet(port)
    const out = await c.until('0\r\n\r\n')
    c.close()
    expect(out).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(out).toContain('data: {"jsonrpc":"2.0","id":1,"result":{}}')
    expect(writes?.n).toBe(1)
  })

  it('gate: a stream with nothing to say has its head on the wire, and each later event goes when it comes', async () => {
    const body = new PassThrough()
    let writes: { n: number } | undefined
    const port = await serve((_req, res) => {
      writes = countWrites(res)
      writeReply(res, { status: 200, headers: { 'content-type': 'text/event-stream' }, body })
    })
    const c = rawGet(port)
    const head = await c.until('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*text\/event-stream[^]*\r\n\r\n$/)
    expect(writes?.n).toBe(1)
    body.write('data: later\n\n')
    expect(await c.until('data: later')).toMatch(/\r\n\r\n[0-9a-f]+\r\ndata: later\n\n\r\n$/)
    expect(writes?.n).toBe(2)
    body.end()
    await c.until('0\r\n\r\n')
    c.close()
  })

  it('guard: an MCP server answer that arrived in one read goes to the gate in one write', async () => {
    // The server writes its whole event-stream answer at once, as server-everything does.
    const upstream = await serve((_req, res) => {
      const sse = 'id: 1\ndata: \n\nevent: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n'
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(sse)
    })
    const v = { decisionId: 'd-1', agent: 'a', tool: 't', bytes: new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"method":"ping"}') } as unknown as VerifiedBinding
    const handler = mcpHttpHandler({ http: `http://127.0.0.1:${upstream}/mcp`, timeoutMs: 10_000 })
    let writes: { n: number } | undefined
    const guard = await serve((req, res) => {
      writes = countWrites(res)
      void handler(req, res, v)
    })
    const text = await new Promise<string>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port: guard, method: 'POST', path: '/mcp' }, (res) => {
        let s = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (s += d))
        res.on('end', () => resolve(s))
      })
      r.on('error', reject)
      r.end('{}')
    })
    expect(text).toContain('"result":{}')
    expect(writes?.n).toBe(1)
  })
})
