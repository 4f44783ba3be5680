/**
 * @module http/buffered-answer: an undici dispatch handler that collects one answer whole, within a
 * total deadline and a size limit, and settles once. Shared by the gate's forward and the guard's
 * HTTP executor: no AbortController, body stream or promise per chunk (each showed in the profile).
 */
import { util } from 'undici'
import type { Dispatcher } from 'undici'

export interface BufferedResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array
}

/** Why the answer was not collected, and whether a connection was open then (before one, not a byte left). */
export interface BufferedFailure {
  err: Error
  connected: boolean
  /** The answer went over maxBytes (the rest left unread). */
  tooLarge: boolean
}

export interface BufferedLimits {
  timeoutMs: number
  maxBytes: number
  /** The error of a deadline that passed. */
  timeout: () => Error
}

export class BufferedAnswer implements Dispatcher.DispatchHandler {
  #abort: ((err: Error) => void) | undefined
  #reason: Error | undefined
  #connected = false
  #tooLarge = false
  #status = 0
  #headers: Record<string, string | string[] | undefined> = {}
  readonly #chunks: Buffer[] = []
  #total = 0
  readonly #timer: NodeJS.Timeout
  #settled = false

  constructor(readonly limits: BufferedLimits, readonly done: (r: BufferedResult) => void, readonly fail: (f: BufferedFailure) => void) {
    this.#timer = setTimeout(() => this.#stop(limits.timeout()), limits.timeoutMs)
  }

  /**
   * Ends the call with `err`. On a connection undici aborts it and reports through onError; still
   * queued for one, it settles now (the deadline holds under load), and is aborted as it would start.
   */
  #stop(err: Error): void {
    if (this.#abort !== undefined) return this.#abort(err)
    this.#reason = err
    this.onError(err)
  }

  /** undici calls it as it writes the request on an open connection. */
  onConnect(abort: (err?: Error) => void): void {
    this.#connected = true
    if (this.#reason !== undefined) abort(this.#reason)
    else this.#abort = abort
  }

  onHeaders(status: number, raw: Buffer[], _resume: () => void): boolean {
    if (status < 200) return true // an informational head (RFC 9110 §15.2): the answer follows
    this.#status = status
    this.#headers = util.parseHeaders(raw) as Record<string, string | string[] | undefined>
    return true
  }

  onData(chunk: Buffer): boolean {
    this.#total += chunk.byteLength
    if (this.#total > this.limits.maxBytes) {
      this.#tooLarge = true
      this.#stop(new Error(`answer over ${this.limits.maxBytes} bytes`))
      return false
    }
    this.#chunks.push(chunk)
    return true
  }

  onComplete(): void {
    clearTimeout(this.#timer)
    if (this.#settled) return
    this.#settled = true
    const c = this.#chunks
    const b = c.length === 1 ? (c[0] as Buffer) : Buffer.concat(c, this.#total)
    this.done({ status: this.#status, headers: this.#headers, body: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) })
  }

  onError(err: Error): void {
    clearTimeout(this.#timer)
    if (this.#settled) return
    this.#settled = true
    this.fail({ err, connected: this.#connected, tooLarge: this.#tooLarge })
  }
}
