/**
 * The connection layer on real loopback sockets (src/http/serve + connections): deadlines for a
 * head, for a connection that sends nothing and for keep-alive idleness; a call that runs long after
 * its head arrived is never cut; the unauthenticated budget closes the oldest idle connection to make
 * room and never an authenticated one; every socket closed is released although the peer never
 * closes its side. Deadlines are configured small; the tests assert outcomes, not durations.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { VerbatimError, retryAfterSeconds } from '../../src/errors/index.js'
import { closeServer, endWithProblem, listen, rawProblemResponse, serveConnections } from '../../src/http/index.js'
import type { Connections, ServeRules } from '../../src/http/index.js'
import { codeOf, eventually, hold, statusOf } from './sockets.js'
import type { Held } from './sockets.js'

interface Served {
  port: number
  server: Server
  connections: Connections
  /** Answers every request held at /hold. */
  release(): void
  /** Requests held at /hold now. */
  holding(): number
  shed: string[]
}

const LONG = 600_000
const running: Served[] = []
const sockets: Held[] = []
afterEach(async () => {
  for (const h of sockets.splice(0)) h.sock.destroy()
  for (const s of running.splice(0)) await closeServer(s.server)
})

/** A server whose requests with `Authorization: Bearer good` authenticate their connection; /hold is answered only on release(). */
async function serve(rules: Partial<ServeRules>): Promise<Served> {
  const held: ServerResponse[] = []
  const shed: string[] = []
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume()
    if (req.url === '/hold') held.push(res)
    else res.writeHead(200, { 'content-length': '2' }).end('ok')
  }
  const { server, connections } = serveConnections(handler, {
    // No grace: a connection over the unauthenticated budget is closed to make room at once (http/admission tests the grace).
    maxConnections: 100, unauthenticatedGraceMs: 0, headersTimeoutMs: LONG, idleTimeoutMs: LONG, bodyTimeoutMs: LONG,
    authenticates: (req) => req.headers.authorization === 'Bearer good',
    overloaded: () => rawProblemResponse(new VerbatimError('ERR_GATE_OVERLOADED', 'too many open connections'), { 'Retry-After': retryAfterSeconds() }),
    faultyFraming: (_req, res, why) => endWithProblem(res, new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', why)),
    onShed: (why) => shed.push(why),
    ...rules,
  })
  const { port } = await listen(server, 0, '127.0.0.1')
  const s = { port, server, connections, shed, release: () => held.splice(0).forEach((r) => r.writeHead(200, { 'content-length': '4' }).end('held')), holding: () => held.length }
  running.push(s)
  return s
}

async function open(s: Served, o: Parameters<typeof hold>[1] = {}): Promise<Held> {
  const h = await hold(s.port, o)
  sockets.push(h)
  return h
}

const get = (path: string, auth = ''): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n${auth === '' ? '' : `Authorization: Bearer ${auth}\r\n`}\r\n`
const answers = (h: Held): number => h.out().split('HTTP/1.1 ').length - 1
const serverSockets = (s: Served): Promise<number> => new Promise((r) => s.server.getConnections((_e, n) => r(n)))

describe('deadlines', () => {
  it('answers a request line that never ends 408 ERR_INTAKE_HEADERS_TIMEOUT, and releases the socket the peer never closes', async () => {
    const s = await serve({ headersTimeoutMs: 300 })
    const line = await open(s, { first: 'POST /v1/tools/t.run', drip: 'a', everyMs: 50 })
    const value = await open(s, { first: 'POST /x HTTP/1.1\r\nHost: x\r\nX-Long: ', drip: 'a', everyMs: 50 })
    for (const h of [line, value]) {
      expect([statusOf(await h.ended), codeOf(h.out())]).toEqual([408, 'ERR_INTAKE_HEADERS_TIMEOUT'])
    }
    await eventually(async () => (await serverSockets(s)) === 0 && s.connections.open === 0, 'sockets released')
  })

  it('closes a connection that sends nothing at its idle deadline, without an answer', async () => {
    const s = await serve({ idleTimeoutMs: 200 })
    const h = await open(s)
    expect(await h.ended).toBe('')
    await eventually(async () => (await serverSockets(s)) === 0, 'socket released')
  })

  it('cuts a silent connection at its header deadline when that comes first', async () => {
    const s = await serve({ headersTimeoutMs: 200 })
    const h = await open(s)
    expect([statusOf(await h.ended), codeOf(h.out())]).toEqual([408, 'ERR_INTAKE_HEADERS_TIMEOUT'])
  })

  it('closes a keep-alive connection idle between requests, after telling the client its timeout', async () => {
    // 1 s, not less: the request itself must get in before a new connection's idle deadline on a loaded machine.
    const s = await serve({ idleTimeoutMs: 1000 })
    const h = await open(s, { first: get('/') })
    const out = await h.ended
    expect(out.split('HTTP/1.1 ').length - 1).toBe(1)
    expect(out).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(out).toMatch(/\r\nKeep-Alive: timeout=1\r\n/)
  })

  it('never cuts a call that runs long after its head arrived, while the deadlines cut others around it', async () => {
    // Deadlines of 1.5 s, not less, so that the slow call's own head gets in on a loaded machine.
    const s = await serve({ headersTimeoutMs: 1500, idleTimeoutMs: 1500, bodyTimeoutMs: 100 })
    const slow = await open(s, { first: get('/hold', 'good') })
    await eventually(() => s.holding() === 1 && s.connections.unauthenticated === 0, 'the slow call arrived')
    // Each trickler opened after the previous one was cut proves another header deadline passed:
    // two of them put the slow call past its head, idle and whole-request (head + body) deadlines,
    // and the sweep that cut the second would have cut the slow call too.
    for (let i = 0; i < 2; i++) {
      const t = await open(s, { first: 'GET /', drip: 'a', everyMs: 50 })
      expect(statusOf(await t.ended)).toBe(408)
    }
    expect(slow.closed()).toBe(false)
    s.release()
    await eventually(() => answers(slow) === 1, 'the slow call answered')
    expect(slow.out()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nheld$/)
  })
})

describe('the unauthenticated budget', () => {
  it('closes the oldest idle unauthenticated connection with 503 and Retry-After to admit a new one, which is served', async () => {
    const s = await serve({ maxConnections: 10, maxUnauthenticated: 3 })
    const idle = [await open(s), await open(s), await open(s)]
    await eventually(() => s.connections.unauthenticated === 3, 'three admitted')
    const fresh = await open(s, { first: get('/') })
    const out = await idle[0]!.ended
    expect([statusOf(out), codeOf(out)]).toEqual([503, 'ERR_GATE_OVERLOADED'])
    expect(out).toMatch(/\r\nRetry-After: [1-5]\r\n/)
    await eventually(() => answers(fresh) === 1, 'the new connection served')
    expect(statusOf(fresh.out())).toBe(200)
    expect([idle[1]!.closed(), idle[2]!.closed(), s.shed]).toEqual([false, false, ['unauthenticated']])
  })

  it('never closes an authenticated connection to make room, and the total cap holds', async () => {
    const s = await serve({ maxConnections: 6, maxUnauthenticated: 3 })
    const agents = await Promise.all(Array.from({ length: 4 }, () => open(s, { first: get('/', 'good') })))
    await eventually(() => agents.every((a) => answers(a) === 1) && s.connections.unauthenticated === 0, 'four authenticated')
    const wrongToken = await open(s, { first: get('/', 'bad') }) // answered, but still unauthenticated
    await eventually(() => answers(wrongToken) === 1, 'answered')
    const flood: Held[] = []
    for (let i = 0; i < 20; i++) flood.push(await open(s))
    await eventually(() => s.connections.open === 6, 'the cap reached')
    // The wrong-token connection was the oldest unauthenticated one; each newcomer closed the next oldest.
    expect(await wrongToken.ended).toMatch(/^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 503 [\s\S]*"code":"ERR_GATE_OVERLOADED"/)
    expect(flood.slice(-2).map((h) => h.closed())).toEqual([false, false])
    await eventually(() => flood.slice(0, -2).every((h) => h.closed()), 'the older flood closed')
    // Every agent still has its connection and is served on it.
    for (const a of agents) a.sock.write(get('/', 'good'))
    await eventually(() => agents.every((a) => answers(a) === 2), 'the agents served again')
    expect(agents.map((a) => a.closed())).toEqual([false, false, false, false])
    expect(s.connections.open).toBe(6)
    // The peers closed nothing, yet the server holds no socket beyond the cap once their answers were sent.
    await eventually(async () => (await serverSockets(s)) === 6, 'the closed sockets released')
  })

  it('refuses a new connection with 503 when every unauthenticated one has a request in progress', async () => {
    const s = await serve({ maxConnections: 10, maxUnauthenticated: 2 })
    const busy = [await open(s, { first: get('/hold') }), await open(s, { first: get('/hold') })]
    await eventually(() => s.holding() === 2, 'two in progress')
    const refused = await open(s, { first: get('/') })
    const out = await refused.ended
    expect([statusOf(out), codeOf(out)]).toEqual([503, 'ERR_GATE_OVERLOADED'])
    expect(s.shed).toEqual(['unauthenticated'])
    s.release()
    await eventually(() => busy.every((b) => answers(b) === 1), 'the calls in progress answered')
    expect(busy.map((b) => b.closed())).toEqual([false, false])
  })
})
