/**
 * A rogue MCP server on loopback, written by hand: just enough Streamable HTTP (2025-11-25) for the
 * official SDK client to initialize, list tools and hold its GET stream, and misbehaving as each
 * test asks (an answer whose id has another JSON type, an answer on the GET stream, responses nobody
 * asked for, one session id handed to two clients, bytes that read two ways).
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The tools the rogue server lists: a policy that allows only `echo` must hide the other. */
export const ROGUE_TOOLS = ['echo', 'secret-exec'] as const

type Json = Record<string, unknown>

/** How the next answers go wrong; every field may be changed between tests. */
export interface RogueBehaviour {
  /** The session id handed to the n-th initialize (0-based); default a fresh one each time. */
  sessionId?: (n: number) => string
  /**
   * How tools/list is answered: on its POST as an event stream or as JSON (the default), with the
   * request's id turned into a string (`string-id-*`), on the session's GET stream (`on-get`), or
   * on both (`twice`: first on the GET stream, then on the POST).
   */
  toolsList?: 'sse' | 'json' | 'string-id-sse' | 'string-id-json' | 'on-get' | 'twice'
  /** Raw event data pushed on the session's GET stream before tools/list is answered. */
  pushOnGet?: (requestId: unknown) => string[]
  /** Raw event data pushed on the GET stream after the copy of a `twice` answer. */
  afterGet?: () => string[]
  /** An Mcp-Session-Id header on tools/list answers (the SDK client adopts any it is shown). */
  switchSession?: string
  /** tools/list waits for this before it is answered (a call held in flight). */
  hold?: Promise<void>
  /** A GET waits for this before its head is written (a stream the client may leave before it opens). */
  holdGet?: Promise<void>
}

export interface Rogue {
  url: string
  behaviour: RogueBehaviour
  /** Session ids handed out, in order. */
  sessions: string[]
  /** tools/list requests received, as the session ids they came in. */
  lists: string[]
  /** Resolves when the server has received its n-th tools/list (1-based). */
  listed(n: number): Promise<void>
  /** Resolves when the client has opened the GET stream of this session. */
  streaming(sid: string): Promise<void>
  /** Resolves when a GET stream of this session has closed. */
  getClosed(sid: string): Promise<void>
  /** Resolves when the server has received its n-th GET (1-based), before its head. */
  got(n: number): Promise<void>
  close(): Promise<void>
}

export const toolsResult = (id: unknown): Json => ({ jsonrpc: '2.0', id, result: { tools: ROGUE_TOOLS.map((name) => ({ name, inputSchema: { type: 'object' } })) } })
const event = (data: string): string => `event: message\ndata: ${data}\n\n`

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = []
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c)
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json
}

export async function startRogue(behaviour: RogueBehaviour = {}): Promise<Rogue> {
  const streams = new Map<string, ServerResponse>()
  const waiting = new Map<string, Array<(res: ServerResponse) => void>>()
  const sessions: string[] = []
  const lists: string[] = []
  const listWaiters: Array<{ n: number; r: () => void }> = []
  const gets: string[] = []
  const getWaiters: Array<{ n: number; r: () => void }> = []
  const closedWaiters = new Map<string, Array<() => void>>()
  const rogue: Rogue = {
    url: '', behaviour, sessions, lists, close: async () => undefined,
    listed: (n) => (lists.length >= n ? Promise.resolve() : new Promise((r) => listWaiters.push({ n, r }))),
    streaming: async (sid) => void (await getStream(sid)),
    got: (n) => (gets.length >= n ? Promise.resolve() : new Promise((r) => getWaiters.push({ n, r }))),
    getClosed: (sid) => new Promise((r) => closedWaiters.set(sid, [...(closedWaiters.get(sid) ?? []), r])),
  }
  // The GET stream of a session, once the client has opened it (the SDK opens it after initialized).
  const getStream = (sid: string): Promise<ServerResponse> => {
    const open = streams.get(sid)
    if (open !== undefined) return Promise.resolve(open)
    return new Promise((r) => waiting.set(sid, [...(waiting.get(sid) ?? []), r]))
  }
  const answer = (res: ServerResponse, body: Json | string, as: 'sse' | 'json', headers: Record<string, string> = {}): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    if (as === 'json') res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(text)
    else res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers }).end(event(text))
  }
  const server = createServer((req, res) => {
    void (async () => {
      const sid = String(req.headers['mcp-session-id'] ?? '')
      if (req.method === 'GET') {
        res.on('close', () => {
          if (streams.get(sid) === res) streams.delete(sid)
          for (const r of closedWaiters.get(sid) ?? []) r()
          closedWaiters.delete(sid)
        })
        gets.push(sid)
        for (const w of getWaiters.filter((x) => x.n <= gets.length)) w.r()
        await rogue.behaviour.holdGet
        if (res.destroyed) return
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
        res.flushHeaders()
        streams.set(sid, res)
        for (const r of waiting.get(sid) ?? []) r(res)
        waiting.delete(sid)
        return
      }
      if (req.method === 'DELETE') return void res.writeHead(200).end()
      const msg = await readJson(req)
      if (!('id' in msg) || !('method' in msg)) return void res.writeHead(202).end()
      const id = msg['id']
      if (msg['method'] === 'initialize') {
        const n = sessions.length
        const session = rogue.behaviour.sessionId?.(n) ?? randomUUID()
        sessions.push(session)
        const params = msg['params'] as Json
        return answer(res, { jsonrpc: '2.0', id, result: { protocolVersion: params['protocolVersion'], capabilities: { tools: {}, logging: {} }, serverInfo: { name: 'rogue', version: '1.0.0' } } }, 'json', { 'mcp-session-id': session })
      }
      if (msg['method'] === 'tools/list') {
        lists.push(sid)
        for (const w of listWaiters.filter((x) => x.n <= lists.length)) w.r()
        await rogue.behaviour.hold
        for (const data of rogue.behaviour.pushOnGet?.(id) ?? []) (await getStream(sid)).write(event(data))
        const how = rogue.behaviour.toolsList ?? 'json'
        if (how === 'on-get') {
          ;(await getStream(sid)).write(event(JSON.stringify(toolsResult(id))))
          // The POST's own stream ends without an answer: the answer went to the GET stream.
          return void res.writeHead(200, { 'content-type': 'text/event-stream' }).end()
        }
        if (how === 'twice') {
          const get = await getStream(sid)
          for (const data of [JSON.stringify(toolsResult(id)), ...(rogue.behaviour.afterGet?.() ?? [])]) get.write(event(data))
        }
        const loose = how.startsWith('string-id') ? String(id) : id
        const switched = rogue.behaviour.switchSession
        return answer(res, toolsResult(loose), how.endsWith('sse') ? 'sse' : 'json', switched === undefined ? {} : { 'mcp-session-id': switched })
      }
      if (msg['method'] === 'tools/call') {
        const args = (msg['params'] as Json)['arguments'] as Json | undefined
        return answer(res, { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `Echo: ${String(args?.['message'])}` }] } }, 'json')
      }
      if (msg['method'] === 'ping') return answer(res, { jsonrpc: '2.0', id, result: {} }, 'json')
      answer(res, { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } }, 'json')
    })().catch(() => res.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  rogue.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`
  rogue.close = () => {
    for (const s of streams.values()) s.destroy()
    server.closeAllConnections()
    return new Promise<void>((r) => server.close(() => r()))
  }
  return rogue
}
