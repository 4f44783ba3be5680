/** @module http/coalesce: what a streamed answer has to say in one turn of the event loop leaves in one write. */
import type { ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'

/**
 * Pipes `body` into `res` with the head sent at once, but through a corked socket that is uncorked
 * at the end of the current turn of the event loop (setImmediate runs after the poll phase has
 * handed over everything the last read brought). The head, the events and the end of an answer
 * that arrived together then leave together, in one write, instead of one write and one wake-up of
 * the peer each: an MCP tools/call answer went out as four writes (head, priming event, answer,
 * chunked end) and now goes out as one. Nothing waits for a clock: a quiet stream (an MCP GET
 * stream that says nothing for hours) still has its head on the wire by the end of this turn, and
 * each later event by the end of the turn it came in. Errors and hang-ups are the caller's, as with
 * `pipe`.
 */
export function pipeCoalesced(body: Readable, res: ServerResponse): void {
  let held = false
  const release = (): void => {
    held = false
    // end() has uncorked the socket fully already (node:http), and it may carry the next answer now.
    if (!res.writableEnded) res.uncork()
  }
  const hold = (): void => {
    if (held || res.writableEnded || res.destroyed) return
    held = true
    res.cork()
    setImmediate(release)
  }
  hold()
  res.flushHeaders()
  // Before pipe's own listeners, so the socket is corked when pipe writes and ends.
  body.on('data', hold)
  body.once('end', hold)
  body.pipe(res)
}
