/** @module mcp/sse: server-sent events relayed block by block, each written out as the gate read it. */
import { Transform } from 'node:stream'
import type { TransformCallback } from 'node:stream'

/** One event's fields (WHATWG HTML §9.2.6): data lines joined with LF. */
export interface SseEvent {
  id?: string
  event?: string
  /** The reconnection time, when the block set one (ASCII digits only, as the spec requires). */
  retry?: string
  data: string
}

/**
 * Reads the fields of one raw event block as WHATWG HTML §9.2.6 ("Interpreting an event stream")
 * does: lines are `field: value` (one leading space after the colon is dropped), a line that starts
 * with `:` is a comment, unknown fields are ignored, an `id` holding NUL is ignored, and `retry`
 * counts only when it is all ASCII digits.
 */
export function parseEventBlock(block: string): SseEvent {
  const data: string[] = []
  const ev: SseEvent = { data: '' }
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') data.push(value)
    else if (field === 'id' && !value.includes('\0')) ev.id = value
    else if (field === 'event') ev.event = value
    else if (field === 'retry' && /^[0-9]+$/.test(value)) ev.retry = value
  }
  ev.data = data.join('\n')
  return ev
}

/** One event as a block: id, event, retry, one `data:` line per line of data, then a blank line. */
export function serializeEvent(ev: SseEvent): string {
  let out = ''
  if (ev.id !== undefined) out += `id: ${ev.id}\n`
  if (ev.event !== undefined) out += `event: ${ev.event}\n`
  if (ev.retry !== undefined) out += `retry: ${ev.retry}\n`
  for (const line of ev.data.split('\n')) out += `data: ${line}\n`
  return `${out}\n`
}

// An event ends at a blank line: two line breaks in a row, in any of the three spellings. A CR
// before an LF is half of one CRLF, never a line break of its own (§9.2.5: CRLF, LF or CR).
const BLOCK_END = /(\r\n|\r(?!\n)|\n)(\r\n|\r(?!\n)|\n)/

/** What becomes of one event: undefined relays its data as read, null drops the event, a string replaces its data. */
export type EventFate = string | null | undefined

export interface SseRewriterOptions {
  /** The longest event block, in characters; a longer one fails the stream rather than buffer without bound. */
  maxBlock?: number
  /** Runs once the upstream stream has ended, after its last event: data for one more event, or undefined. */
  end?: () => Promise<string | undefined> | string | undefined
  /** Leaves out every event's id (a stream that cannot be resumed where the client would resume it). */
  dropIds?: boolean
}

/** The block the client gets: the event as the gate read it (never the raw bytes, which another parser might read otherwise). */
function written(ev: SseEvent, fate: string | undefined): string {
  if (ev.data === '' && ev.id === undefined && ev.event === undefined && ev.retry === undefined) return ':\n\n' // a comment: a keep-alive
  return serializeEvent(fate === undefined ? ev : { ...ev, data: fate })
}

/**
 * Relays an event stream incrementally, one complete event block at a time, in order. `rewrite`
 * sees each event that carries data and decides its fate, possibly asynchronously; the next block
 * waits for it, so the order holds and a slow decision holds the upstream back instead of
 * buffering. Every block goes out re-written from what was read (a priming event keeps its id and
 * retry, a comment becomes an empty one), so the client's parser reads what the gate read. An
 * unterminated last block is not an event (§9.2.6 discards it at the end of the stream).
 */
export function sseRewriter(rewrite: (ev: SseEvent) => EventFate | Promise<EventFate>, opts: SseRewriterOptions = {}): Transform {
  const maxBlock = opts.maxBlock ?? 16 * 1024 * 1024
  const decoder = new TextDecoder('utf-8')
  // The block still arriving, in pieces (joined once, when its end comes: a long event costs one pass, not one per chunk).
  let parts: string[] = []
  let size = 0
  // Its last characters, searched again with the next text: a terminator (at most CRLF CRLF) may straddle two chunks.
  let carry = ''
  const take = async (text: string, push: (s: string) => void, final: boolean): Promise<void> => {
    let rest = text
    for (;;) {
      const hay = carry + rest
      const m = BLOCK_END.exec(hay)
      // A CR that ends the text so far may be the first half of a CRLF: wait for the next character.
      if (m === null || (!final && m[0].endsWith('\r') && m.index + m[0].length === hay.length)) {
        parts.push(rest)
        size += rest.length
        carry = hay.slice(-3)
        return
      }
      // A match ends inside `rest`: one wholly inside `carry` would have been found with the text before.
      const end = m.index + m[0].length - carry.length
      const ev = parseEventBlock(parts.join('') + rest.slice(0, end))
      rest = rest.slice(end)
      parts = []
      size = 0
      carry = ''
      const fate = ev.data === '' ? undefined : await rewrite(ev)
      if (opts.dropIds === true) delete ev.id
      if (fate !== null) push(written(ev, fate))
    }
  }
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      take(decoder.decode(chunk, { stream: true }), (s) => this.push(s), false).then(
        () => cb(size > maxBlock ? new Error(`an event longer than ${maxBlock} characters`) : undefined),
        (e: unknown) => cb(e as Error),
      )
    },
    flush(cb: TransformCallback) {
      const last = async (): Promise<void> => {
        await take(decoder.decode(), (s) => this.push(s), true)
        parts = []
        const data = await opts.end?.()
        if (data !== undefined) this.push(serializeEvent({ event: 'message', data }))
      }
      last().then(() => cb(), (e: unknown) => cb(e as Error))
    },
  })
}
