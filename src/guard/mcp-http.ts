/** @module guard/mcp-http: hand a verified MCP message to a Streamable HTTP server on loopback, and stream its answer back. */
import { request } from 'node:http'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { VerbatimError } from '../errors/index.js'
import { PARAM_HEADER_PREFIX } from '../mcp/index.js'
import { pipeCoalesced } from '../http/index.js'
import { executorFailure } from './executor-http.js'
import { writeProblem } from './node.js'
import type { VerifiedBinding } from './types.js'

/** Transport headers the server needs, passed on as received (the session, revision and Mcp-Param-* headers are also bound, step 9). */
const PASSED = ['accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'mcp-method', 'mcp-name', 'traceparent'] as const
/** Answer headers relayed to the gate. */
const RELAYED = ['content-type', 'mcp-session-id', 'cache-control'] as const

export interface McpHttpExecutorConfig {
  /** The server's endpoint, e.g. http://127.0.0.1:3001/mcp (loopback only, checked by the config). */
  http: string
  /** Time allowed for the answer's head; an event stream may then stay open as long as it likes. */
  timeoutMs: number
}

/**
 * Sends exactly the verified bytes (none for GET and DELETE) to the MCP server with the same
 * method, and streams its answer back incrementally, event stream or JSON. The decision rides along
 * as plain headers, as for the HTTP executor; the signature headers are not passed on. Never retried.
 */
export function mcpHttpHandler(cfg: McpHttpExecutorConfig): (req: IncomingMessage, res: ServerResponse, v: VerifiedBinding) => Promise<void> {
  const target = new URL(cfg.http)
  return (req, res, v) =>
    new Promise<void>((resolve) => {
      const headers: OutgoingHttpHeaders = { 'verbatim-decision-id': v.decisionId, 'verbatim-agent': v.agent, 'verbatim-tool': v.tool }
      for (const h of PASSED) if (req.headers[h] !== undefined) headers[h] = req.headers[h]
      // The Mcp-Param-* headers the gate held to the arguments they mirror; step 9i checked they are the bound ones.
      for (const [h, val] of Object.entries(req.headers)) if (h.startsWith(PARAM_HEADER_PREFIX) && val !== undefined) headers[h] = val
      if (v.bytes.byteLength > 0) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(v.bytes.byteLength) })
      const out = request(target, { method: req.method ?? 'POST', headers })
      // Whether a connection to the server was open: before one, the message certainly did not reach it.
      let connected = false
      out.on('socket', (sock) => {
        if (!sock.connecting) connected = true
        else sock.once('connect', () => (connected = true))
      })
      const timer = setTimeout(() => out.destroy(new Error(`no answer within ${cfg.timeoutMs} ms`)), cfg.timeoutMs)
      out.on('error', (e) => {
        clearTimeout(timer)
        if (!res.headersSent) writeProblem(res, executorFailure(`MCP server: ${(e as NodeJS.ErrnoException).code ?? e.message}`, connected, e), v.decisionId)
        else res.destroy(e)
        resolve()
      })
      out.on('response', (answer) => {
        clearTimeout(timer)
        const relayed: OutgoingHttpHeaders = {}
        for (const h of RELAYED) {
          const val = answer.headers[h]
          if (val !== undefined) relayed[h] = Array.isArray(val) ? val.join(", ") : val
        }
        res.writeHead(answer.statusCode ?? 502, relayed)
        answer.on('error', (e) => res.destroy(e))
        // The head goes in this turn of the event loop, not with the first byte: a GET stream may be
        // quiet for hours, and the gate (and the agent behind it) waits for this head before it
        // relays anything. What of the answer came with it goes in the same write.
        pipeCoalesced(answer, res)
        res.on('close', () => {
          answer.destroy()
          resolve()
        })
      })
      // The gate hung up (an event stream it no longer wants): stop the server's side too.
      res.on('close', () => out.destroy())
      out.end(v.bytes)
    })
}
