/** @module gate/mcp/relay: every message an MCP server sends the agent passes one inspector, on every stream. */
import type { Readable, Transform } from 'node:stream'
import type { CanonicalOptions, JsonValue } from '../../canonical/index.js'
import { VerbatimError, isVerbatimError } from '../../errors/index.js'
import type { ErrorCode } from '../../errors/index.js'
import { filterLists, idKey, offerRevisions, readServerMessage, sseRewriter, toolsOf, withheldAnswer } from '../../mcp/index.js'
import type { EventFate, ListFilter, RpcId } from '../../mcp/index.js'
import { singleHeader } from '../answer.js'
import type { StreamedResponse } from '../forward.js'
import type { Reply } from '../http/exchange.js'

/** The requests a stream may answer: a session's outstanding ones, or the one a sessionless POST carried. */
export interface Ledger {
  /** The method of the outstanding request this id answers exactly (same JSON type and value), taken off the ledger; undefined when none does. */
  take(id: RpcId): Promise<string | undefined>
}

/** A message the gate did not relay, for its audit record. */
export interface Withheld {
  code: ErrorCode
  message: string
  /** The response's id exactly as the server wrote it, when it had one. */
  rpcId?: RpcId
  /** The message as it arrived (its digest is audited, never its content). */
  bytes: Uint8Array
}

export interface RelayOptions {
  ledger: Ledger
  filter: ListFilter
  /** The request this POST carried: if its answer was withheld here, the agent gets an error for it instead. */
  own?: RpcId
  /** Every tools list an answer carries, before it is filtered: the gate learns the tools' mirrored headers from it. */
  tools?: (tools: readonly JsonValue[]) => Promise<void>
  /** The revisions an answer to server/discover may offer the agent (the ones the gate speaks). */
  revisions?: readonly string[]
  /** The answer to initialize, before it is relayed: an error withholds it. */
  initialized?: (result: JsonValue, isError: boolean) => Promise<VerbatimError | undefined>
  /** Audits a withheld message before the relay goes on; resolves with its record's decision id (undefined if it could not be recorded). */
  withhold(w: Withheld): Promise<string | undefined>
  /** Runs once, when the relay is over (answer sent, stream ended or cut); `answered`: the own request was answered on it. */
  done(answered: boolean): void
  /**
   * The one Mcp-Session-Id the agent may be shown: its session's, or the one the gate just bound to
   * it. The SDK client adopts any id an answer carries, so a server must not hand it another.
   */
  session?: string
  /** The upstream's maxResponseBytes: the largest answer buffered or message read. */
  maxBytes: number
  canonical: CanonicalOptions
}

const HEADERS_RELAYED = ['content-type', 'mcp-session-id', 'verbatim-receipt'] as const
const encoder = new TextEncoder()

/**
 * One exchange's inspector. A message that is not one strict JSON-RPC message is withheld
 * (ERR_MCP_UPSTREAM_INVALID); a response must take an outstanding request off the ledger, exactly,
 * or it is withheld (ERR_MCP_UNSOLICITED_RESPONSE); every list an answer carries is filtered.
 * Requests and notifications from the server pass: they answer nothing.
 */
class Inspector {
  answered = false
  #last: { e: VerbatimError; decisionId: string | undefined } | undefined
  constructor(private readonly o: RelayOptions) {}

  async fate(bytes: Uint8Array): Promise<EventFate> {
    const m = readServerMessage(bytes, { ...this.o.canonical, maxBytes: this.o.maxBytes })
    if (m.kind === 'unreadable') return this.withhold({ code: 'ERR_MCP_UPSTREAM_INVALID', message: `the server sent a message the gate cannot read one way: ${m.reason}; withheld`, bytes })
    if (m.kind !== 'response') return undefined
    let method: string | undefined
    try {
      method = await this.o.ledger.take(m.id)
    } catch (e) {
      // The ledger could not be read (a shared store that does not answer): nothing unmatched is relayed.
      if (!isVerbatimError(e)) throw e
      return this.withhold({ code: e.code, message: `the server's response with id ${JSON.stringify(m.id).slice(0, 80)} could not be matched to its request (${e.message}); withheld. The request was forwarded: do not repeat it without checking`, rpcId: m.id, bytes })
    }
    if (method === undefined) {
      return this.withhold({ code: 'ERR_MCP_UNSOLICITED_RESPONSE', message: `the server sent a response with id ${JSON.stringify(m.id).slice(0, 80)}, which answers no outstanding request of this session; withheld`, rpcId: m.id, bytes })
    }
    if (this.o.own !== undefined && idKey(m.id) === idKey(this.o.own)) this.answered = true
    if (method === 'initialize' && this.o.initialized !== undefined) {
      const refused = await this.o.initialized(m.value, m.error)
      if (refused !== undefined) {
        const decisionId = await this.o.withhold({ code: refused.code, message: refused.message, rpcId: m.id, bytes })
        return withheldAnswer(m.id, refused, decisionId)
      }
    }
    const value = method === 'server/discover' && !m.error && this.o.revisions !== undefined ? offerRevisions(m.value, this.o.revisions) : m.value
    const tools = toolsOf(value)
    if (tools !== undefined) await this.o.tools?.(tools)
    const f = filterLists(value, this.o.filter)
    return f.lists === 0 && value === m.value ? undefined : JSON.stringify(f.value)
  }

  /** The answer to the own request, when an answer on this exchange was withheld and none came: an error, so the agent does not wait for ever. */
  async end(): Promise<string | undefined> {
    const own = this.o.own
    if (own === undefined || this.#last === undefined || this.answered) return undefined
    // A ledger that cannot be read may still hold it: an error the agent did not need beats an answer it waits for in vain.
    if ((await this.o.ledger.take(own).catch(() => 'unknown')) === undefined) return undefined
    this.answered = true
    return withheldAnswer(own, this.#last.e, this.#last.decisionId)
  }

  /** Audits a message and keeps it from the agent; the last one withheld names the error `end` answers with. */
  async withhold(w: Withheld): Promise<null> {
    const decisionId = await this.o.withhold(w)
    this.#last = { e: new VerbatimError(w.code, w.message), decisionId }
    return null
  }
}

/**
 * Pipes the server's stream into the agent's, tied as stream.pipeline ties them: an agent that hangs
 * up (or an inspector that fails) closes the server's stream too, and a server stream that fails ends
 * the agent's with its error. Not pipeline itself: it aborts an AbortController of its own when a
 * stream finishes, and the DOMException that makes cost more than the rest of the relay of a small
 * answer (bench:mcp profile, about 50 µs a call).
 */
function joinStreams(from: Readable, to: Transform): void {
  from.on('error', (e) => to.destroy(e))
  // A server stream cut short without an error ends the agent's too: it would wait for ever.
  from.once('close', () => {
    if (!from.readableEnded) to.destroy(new Error('the server\'s stream closed before its end'))
  })
  // Errors are the agent side's to report (writeReply ends the agent's connection); none may go unheard.
  to.on('error', () => undefined)
  to.once('close', () => {
    if (!from.readableEnded) discard(from)
  })
  from.pipe(to)
}

/** Ends an answer the agent will not get; the fetch body's abort error has nowhere to go but here. */
export function discard(body: Readable): void {
  body.on('error', () => undefined)
  body.destroy()
}

async function readBounded(res: StreamedResponse, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let n = 0
  for await (const c of res.body as AsyncIterable<Buffer>) {
    n += c.byteLength
    if (n > max) {
      discard(res.body)
      throw new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `the MCP answer was over ${max} bytes; withheld. The call was forwarded: do not repeat it without checking`, { detail: { forwarded: true } })
    }
    chunks.push(c)
  }
  return new Uint8Array(Buffer.concat(chunks))
}

/**
 * The agent's response: status, the MCP and Verbatim headers, and a body every message of which
 * passed the inspector. An event stream is relayed event by event, never buffered whole; a JSON
 * answer is buffered (bounded by maxBytes) and inspected as one message. A 2xx answer of any other
 * type with a body is withheld; other statuses pass (the guard's problems, the server's error pages).
 */
export async function relayMcp(res: StreamedResponse, decisionId: string, o: RelayOptions): Promise<Reply> {
  const out: Record<string, string> = { 'verbatim-decision-id': decisionId }
  for (const h of HEADERS_RELAYED) {
    const v = singleHeader(res.headers[h])
    if (v !== undefined) out[h] = v
  }
  if (out['mcp-session-id'] !== o.session) delete out['mcp-session-id']
  // A guard's refusal that says when to come back (its restart window) keeps saying so.
  const retry = singleHeader(res.headers['retry-after'])
  if (retry !== undefined && out['verbatim-receipt'] === undefined && res.status >= 400 && /^\d{1,4}$/.test(retry)) out['retry-after'] = retry
  const type = (out['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  const inspector = new Inspector(o)
  let finished = false
  const done = (): void => {
    if (!finished) o.done(inspector.answered)
    finished = true
  }
  try {
    if (res.status === 202 || res.status === 204 || res.status === 304) {
      res.body.resume()
      done()
      return { status: res.status, headers: out, body: null }
    }
    if (type === 'text/event-stream') {
      out['cache-control'] = 'no-cache'
      const events = sseRewriter((ev) => inspector.fate(encoder.encode(ev.data)), { end: () => inspector.end() })
      joinStreams(res.body, events)
      events.once('close', done)
      return { status: res.status, headers: out, body: events }
    }
    const isJson = type === 'application/json'
    if (!isJson && res.status >= 300) {
      res.body.once('close', done)
      return { status: res.status, headers: out, body: res.body }
    }
    const bytes = await readBounded(res, o.maxBytes)
    const body = await inspectWhole(inspector, bytes, isJson, type)
    done()
    if (body === undefined) return { status: res.status, headers: out, body: bytes.byteLength === 0 ? null : bytes }
    if (body === null) return { status: res.status < 300 ? 202 : res.status, headers: withoutType(out), body: null }
    return { status: res.status, headers: { ...out, 'content-type': 'application/json' }, body }
  } catch (err) {
    discard(res.body)
    done()
    throw err
  }
}

/** A buffered answer's fate: undefined relays it as it came, null relays nothing, a string is the body instead. */
async function inspectWhole(inspector: Inspector, bytes: Uint8Array, isJson: boolean, type: string | undefined): Promise<EventFate> {
  if (bytes.byteLength === 0) return undefined
  const fate = isJson
    ? await inspector.fate(bytes)
    : await inspector.withhold({ code: 'ERR_MCP_UPSTREAM_INVALID', message: `the server answered with a body of type ${type === '' || type === undefined ? '(none)' : type}, which is neither JSON nor an event stream; withheld`, bytes })
  if (fate !== null) return fate
  return (await inspector.end()) ?? null
}

function withoutType(h: Record<string, string>): Record<string, string> {
  const { 'content-type': _t, ...rest } = h
  return rest
}
