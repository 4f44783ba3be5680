import { once } from 'node:events'
import { createServer } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { createByteBudget } from '../../src/http/index.js'
import { readRequestBody } from '../../src/intake/index.js'

/**
 * The node path's shortcut: a body that arrived with its headers is taken without a timer or an
 * iterator; one still on its way is read as before, under the deadline. Real sockets, raw bytes.
 */
const servers: Array<() => void> = []
afterEach(() => servers.splice(0).forEach((f) => f()))

async function serve(): Promise<{ port: number; next: () => Promise<IncomingMessage> }> {
  const queue: IncomingMessage[] = []
  const waiters: Array<(r: IncomingMessage) => void> = []
  const server = createServer((req) => {
    const w = waiters.shift()
    if (w) w(req)
    else queue.push(req)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  servers.push(() => { server.closeAllConnections(); server.close() })
  return {
    port: (server.address() as AddressInfo).port,
    next: () => new Promise((r) => { const q = queue.shift(); if (q) r(q); else waiters.push(r) }),
  }
}

const budgetOf = (limit: number) => Object.assign(createByteBudget(limit), { overloaded: () => new VerbatimError('ERR_GATE_OVERLOADED', 'budget spent') })
const noWeb = { body: () => null, header: () => undefined }

/** Waits until node has seen the whole message (no clock: the parser's own flag, polled per turn). */
async function completed(req: IncomingMessage): Promise<void> {
  while (!req.complete) await new Promise((r) => setImmediate(r))
}

/** Sends raw bytes on a fresh connection; the request node parsed from them (whole, unless told not to wait). */
async function sent(raw: string, whole = true): Promise<{ req: IncomingMessage; sock: Socket }> {
  const s = await serve()
  const sock = connect(s.port, '127.0.0.1')
  servers.push(() => sock.destroy())
  sock.write(raw)
  const req = await s.next()
  if (whole) await completed(req)
  return { req, sock }
}

describe('intake: a node body that has already arrived', () => {
  it('is taken whole without arming the deadline, with its bytes and its budget exact', async () => {
    const body = '{"path":"/workspace/a.txt"}'
    const { req } = await sent(`POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
    let armed = 0
    const budget = budgetOf(1000)
    const got = await readRequestBody(req, noWeb, 1024, { budget, deadline: () => { armed++; return new AbortController().signal } })
    expect(Buffer.from(got).toString()).toBe(body)
    expect(armed).toBe(0)
    expect(budget.inUse).toBe(body.length)
  })

  it('a chunked body that arrived whole is checked against the limit all the same (413, budget given back)', async () => {
    const chunk = 'x'.repeat(60)
    const { req } = await sent(`POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3c\r\n${chunk}\r\n3c\r\n${chunk}\r\n0\r\n\r\n`)
    const budget = budgetOf(1000)
    const err = await readRequestBody(req, noWeb, 100, { budget }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(VerbatimError)
    expect((err as VerbatimError).code).toBe('ERR_INTAKE_TOO_LARGE')
    expect(budget.inUse).toBe(0)
  })

  it('a body still on its way arms the deadline once and is read to its end', async () => {
    const { req, sock } = await sent('POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n{"a":', false)
    expect(req.complete).toBe(false)
    let armed = 0
    const p = readRequestBody(req, noWeb, 1024, { deadline: () => { armed++; return new AbortController().signal } })
    sock.write('"bcde"}')
    expect(Buffer.from(await p).toString()).toBe('{"a":"bcde"}')
    expect(armed).toBe(1)
  })

  it('a body half read by someone else is not taken by the shortcut', async () => {
    const { req } = await sent('POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd')
    expect(Buffer.from(req.read(2) as Buffer).toString()).toBe('ab')
    const { nodeBodySource } = await import('../../src/intake/body.js')
    expect(nodeBodySource(req).arrived?.()).toBeUndefined()
  })
})
