/** @module mcp/bridge: a stdio MCP server to the client, Streamable HTTP to the gate (the edge: stdio and sockets). */
import type { Readable, Writable } from 'node:stream'
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { JSONRPC_ERRORS } from '../errors/index.js'

export interface BridgeOptions {
  /** The gate's MCP endpoint, `{gate}/mcp/{server}`. */
  endpoint: URL
  /** The agent's bearer token. */
  token: string
  stdin?: Readable
  stdout?: Writable
  log?: (line: string) => void
}

export interface Bridge {
  /** Resolves when either side has closed; with `refused` when the gate refused the bridge itself. */
  closed: Promise<BridgeEnd>
  close(): Promise<void>
}

export interface BridgeEnd {
  /** Why the bridge stopped on its own: the gate refused every message it could send (a wrong token, server or host). */
  refused?: string
}

/** The JSON-RPC error code of a request the gate refused at the HTTP level (docs/errors.md, the JSON-RPC table): one no SDK reserves. */
const GATE_REFUSED = JSONRPC_ERRORS.refused.code

/** A refusal by the gate as data: the RFC 9457 problem its answer carried, or what the transport said. */
interface Refusal {
  status: number
  problem?: { code?: string; title?: string; detail?: string }
  text: string
}

/** Refusals no later message can escape: the token, the server name or the host is wrong. */
function isFatal(r: Refusal): boolean {
  return r.status === 401 || (r.status === 404 && r.problem?.code === 'ERR_GATE_NOT_FOUND') || (r.status === 403 && r.problem?.code === 'ERR_MCP_ORIGIN')
}

/** Reads the gate's answer out of the SDK's error (`Error POSTing to endpoint: {problem}`). */
function refusalOf(e: Error): Refusal {
  const status = e instanceof StreamableHTTPError && typeof e.code === 'number' ? e.code : 0
  const body = /^(?:Streamable HTTP error: )?Error POSTing to endpoint: ([\s\S]*)$/.exec(e.message)?.[1]
  let problem: Refusal['problem']
  try {
    const v = body === undefined ? undefined : (JSON.parse(body) as unknown)
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) problem = v as Refusal['problem']
  } catch {
    // not a problem document: the text is shown as it came
  }
  return { status, ...(problem === undefined ? {} : { problem }), text: body ?? e.message }
}

/** One line a person can read: `401 ERR_INTAKE_UNAUTHENTICATED: the bearer token matches no agent`. */
function describe(r: Refusal): string {
  const what = r.problem?.detail ?? r.problem?.title ?? r.text
  return `${r.status > 0 ? `${r.status} ` : ''}${r.problem?.code === undefined ? '' : `${r.problem.code}: `}${what}`
}

/**
 * Relays every message between a client that launched this process (stdio, as desktop clients launch
 * MCP servers) and the gate's Streamable HTTP endpoint, with the agent's token on every request. The
 * session id and the revision the server chose at initialize ride on every later request, so the
 * gate can hold the session to them. A request the gate could not take is answered with a JSON-RPC
 * error in the gate's words (its problem as `data`), so the client is never left waiting; a refusal
 * no later message can escape (a wrong token, server name or host) also stops the bridge, and
 * `closed` says why.
 */
/** What to do about a refusal that stops the bridge, by status. */
const FATAL_HINT: Readonly<Record<number, string>> = {
  401: 'check the agent\'s token (VERBATIM_TOKEN, or the variable --token-env names); the bridge stops',
  403: 'the gate does not accept this host or origin for the server (mcp.servers[].allowedHosts); the bridge stops',
  404: 'no MCP server of that name at this gate (--server, mcp.servers[].name); the bridge stops',
}

export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const log = o.log ?? (() => undefined)
  const http = new StreamableHTTPClientTransport(o.endpoint, { requestInit: { headers: { authorization: `Bearer ${o.token}` } } })
  const stdin = o.stdin ?? process.stdin
  const stdio = new StdioServerTransport(stdin, o.stdout)
  // Requests sent on and not yet answered: at the end of stdin, the bridge waits for them, then exits.
  const open = new Set<string | number>()
  let inputEnded = false
  const initializing = new Set<string | number>()
  let done!: (end: BridgeEnd) => void
  const closed = new Promise<BridgeEnd>((r) => (done = r))
  let ended = false
  let refused: string | undefined
  const end = async (): Promise<void> => {
    if (ended) return
    ended = true
    await http.close().catch(() => undefined)
    await stdio.close().catch(() => undefined)
    done(refused === undefined ? {} : { refused })
  }
  const settle = (id: string | number | undefined): void => {
    if (id !== undefined) open.delete(id)
    if (inputEnded && open.size === 0 && held.length === 0) void end()
  }
  const forward = (m: JSONRPCMessage): void => {
    if ('method' in m && 'id' in m && m.id !== undefined) open.add(m.id)
    http.send(m).catch(async (e: Error) => {
      if (ended) return // closing aborts what is still open: not a refusal
      const r = refusalOf(e)
      const fatal = isFatal(r)
      log(`verbatim mcp-bridge: the gate refused ${'method' in m ? m.method : 'a message'}: ${describe(r)}${fatal ? `; ${FATAL_HINT[r.status] ?? ''}` : ''}`)
      // The client's SDK shows the message: the gate's words, and its problem (code, decision) as data.
      const error = { code: GATE_REFUSED, message: `verbatim gate: ${r.problem?.detail ?? r.problem?.title ?? r.text}`, ...(r.problem === undefined ? {} : { data: r.problem }) }
      if ('method' in m && 'id' in m) await stdio.send({ jsonrpc: '2.0', id: m.id, error }).catch(() => undefined)
      if (fatal && refused === undefined) {
        refused = describe(r)
        return void end()
      }
      if ('id' in m && m.id !== undefined && initializing.delete(m.id)) release()
      if ('id' in m) settle(m.id)
    })
  }
  // Messages behind an unanswered initialize wait for its answer: they need its session and revision.
  const held: JSONRPCMessage[] = []
  stdio.onmessage = (m: JSONRPCMessage) => {
    if (initializing.size > 0) {
      held.push(m)
      return
    }
    if ('method' in m && m.method === 'initialize' && 'id' in m && m.id !== undefined) initializing.add(m.id)
    forward(m)
  }
  const release = (): void => {
    while (initializing.size === 0 && held.length > 0) stdio.onmessage?.(held.shift() as JSONRPCMessage)
  }
  http.onmessage = (m: JSONRPCMessage) => {
    // The revision the server chose is sent on every later request (MCP-Protocol-Version).
    if ('id' in m && m.id !== undefined && initializing.delete(m.id) && 'result' in m) {
      const v = (m.result as { protocolVersion?: unknown }).protocolVersion
      if (typeof v === 'string') http.setProtocolVersion(v)
    }
    void stdio.send(m).catch(() => undefined)
    release()
    if (!('method' in m) && 'id' in m) settle(m.id)
  }
  http.onerror = (e) => {
    // A refused POST is reported once, by forward(), in the gate's words.
    if (!ended && !/Error POSTing to endpoint/.test(e.message)) log(`verbatim mcp-bridge: ${e.message}`)
  }
  stdio.onclose = () => void end()
  http.onclose = () => void end()
  stdin.once('end', () => {
    inputEnded = true
    settle(undefined)
  })
  await http.start()
  await stdio.start()
  return { closed, close: end }
}
