/**
 * @module tests/helpers/mcp-raw: an MCP client that posts the exact bytes it is given (any key order,
 * any extra field), reads the answer as JSON or as an event stream, and answers the server's
 * requests on that stream through a callback. The SDK client would re-serialise what it sends.
 */
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { parseEventBlock } from '../../src/mcp/index.js'

export type RpcOut = { id?: string | number; method?: string; result?: unknown; error?: unknown; params?: unknown }

export interface RawAnswer {
  status: number
  sessionId: string | null
  /** Every JSON-RPC message of the answer, in order (one for a JSON answer, none for 202). */
  messages: RpcOut[]
}

export interface RawMcpSession {
  readonly sessionId: string | undefined
  /** POSTs `body` as it is; a request the server sends on the answer's stream goes to `onRequest`. */
  post(body: string, onRequest?: (m: RpcOut) => Promise<void>): Promise<RawAnswer>
  /** DELETE: ends the session; resolves with the status. */
  end(): Promise<number>
}

export function rawMcpSession(endpoint: URL, token: string, protocol = '2025-11-25'): RawMcpSession {
  let sid: string | undefined
  const headers = (): Record<string, string> => ({
    authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream',
    ...(sid === undefined ? {} : { 'mcp-session-id': sid, 'mcp-protocol-version': protocol }),
  })
  return {
    get sessionId() {
      return sid
    },
    async post(body, onRequest) {
      const res = await fetch(endpoint, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body })
      const got = res.headers.get('mcp-session-id')
      if (got !== null && sid === undefined && res.status === 200) sid = got
      const messages: RpcOut[] = []
      const type = res.headers.get('content-type') ?? ''
      if (type.startsWith('text/event-stream') && res.body !== null) {
        const decoder = new TextDecoder()
        let buf = ''
        for await (const chunk of res.body) {
          buf += decoder.decode(chunk as Uint8Array, { stream: true })
          for (let end = /\r?\n\r?\n/.exec(buf); end !== null; end = /\r?\n\r?\n/.exec(buf)) {
            const ev = parseEventBlock(buf.slice(0, end.index))
            buf = buf.slice(end.index + end[0].length)
            if (ev.data === '') continue
            const m = JSON.parse(ev.data) as RpcOut
            messages.push(m)
            if (m.method !== undefined && m.id !== undefined) await onRequest?.(m)
          }
        }
      } else {
        const text = await res.text()
        if (text !== '') messages.push(JSON.parse(text) as RpcOut)
      }
      return { status: res.status, sessionId: got, messages }
    },
    async end() {
      const res = await fetch(endpoint, { method: 'DELETE', headers: headers() })
      await res.arrayBuffer()
      return res.status
    },
  }
}

/** A session's GET event stream opened on a raw socket (2025-11-25): the socket as soon as the request is written. */
export function openRawGet(port: number, path: string, token: string, sid: string): Socket {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => undefined)
  socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer ${token}\r\naccept: text/event-stream\r\nmcp-session-id: ${sid}\r\nmcp-protocol-version: 2025-11-25\r\n\r\n`)
  return socket
}

/** The stream's response head, once it has come; and `ended`, when the socket closes. */
export async function rawGetHead(socket: Socket): Promise<{ head: string; ended: Promise<void> }> {
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()))
  let head = ''
  await new Promise<void>((resolve) => socket.on('data', (d: Buffer) => {
    head += d.toString()
    if (head.includes('\r\n\r\n')) resolve()
  }))
  return { head, ended }
}

/** The promise's value, or 'hung' if it has not settled within 30 s: only keeps a broken close from hanging the test. */
export const hangGuard = <T>(p: Promise<T>): Promise<T | 'hung'> => Promise.race([p, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000).unref())])
