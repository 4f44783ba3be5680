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

describe('intake: a node body still on its way, read by events', () => {
  const onItsWay = async (head: string): Promise<{ req: IncomingMessage; sock: Socket }> => {
    const r = await sent(head, false)
    expect(r.req.complete).toBe(false)
    // The async iterator is not used on this path (several promises per chunk): it would throw here.
    Object.defineProperty(r.req, Symbol.asyncIterator, { value: () => { throw new Error('iterated') } })
    return r
  }

  it('reads chunks from several packets to the end, with the budget exact', async () => {
    const { req, sock } = await onItsWay('POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n')
    const budget = budgetOf(1000)
    const p = readRequestBody(req, noWeb, 1024, { budget })
    sock.write('7\r\n"bcde"}\r\n')
    sock.write('0\r\n\r\n')
    expect(Buffer.from(await p).toString()).toBe('{"a":"bcde"}')
    expect(budget.inUse).toBe(12)
  })

  it('stops at the limit mid-body: 413 ERR_INTAKE_TOO_LARGE, the budget given back', async () => {
    const { req, sock } = await onItsWay('POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3c\r\n' + 'x'.repeat(60) + '\r\n')
    const budget = budgetOf(1000)
    const p = readRequestBody(req, noWeb, 100, { budget }).catch((e: unknown) => e)
    sock.write('3c\r\n' + 'y'.repeat(60) + '\r\n')
    const err = (await p) as VerbatimError
    expect(err.code).toBe('ERR_INTAKE_TOO_LARGE')
    expect(err.detail).toMatchObject({ closeConnection: true })
    expect(budget.inUse).toBe(0)
  })

  it('a client that hangs up mid-body is ERR_INTAKE_ABORTED', async () => {
    const { req, sock } = await onItsWay('POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n{"a":')
    const p = readRequestBody(req, noWeb, 1024).catch((e: unknown) => e)
    sock.destroy()
    expect(((await p) as VerbatimError).code).toBe('ERR_INTAKE_ABORTED')
  })

  it('the deadline mid-body is 408 ERR_INTAKE_BODY_TIMEOUT, and a deadline already past fails at once', async () => {
    const { req } = await onItsWay('POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n{"a":')
    const deadline = new AbortController()
    const p = readRequestBody(req, noWeb, 1024, { deadline: () => deadline.signal }).catch((e: unknown) => e)
    deadline.abort()
    const err = (await p) as VerbatimError
    expect(err.code).toBe('ERR_INTAKE_BODY_TIMEOUT')
    expect(err.status).toBe(408)
    const late = await onItsWay('POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n{"a":')
    const past = (await readRequestBody(late.req, noWeb, 1024, { deadline: () => AbortSignal.abort() }).catch((e: unknown) => e)) as VerbatimError
    expect(past.code).toBe('ERR_INTAKE_BODY_TIMEOUT')
  })
})

describe('intake: a node body read after its end', () => {
  it('a body someone else read to its end is empty here (400), not a wait for an end that already came', async () => {
    const { req } = await sent('POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd')
    req.resume()
    await once(req, 'end')
    const err = (await readRequestBody(req, noWeb, 1024, { deadline: () => new AbortController().signal }).catch((e: unknown) => e)) as VerbatimError
    expect(err.code).toBe('ERR_INTAKE_LENGTH_MISMATCH')
  })
})
