/** @module guard/executor-http: hand verified bytes to an HTTP executor on loopback or a unix socket, once, never retried. */
import { Pool, util } from 'undici'
import type { Dispatcher } from 'undici'
import { VerbatimError } from '../errors/index.js'
import type { HttpExecutorConfig } from './config.js'
import type { VerifiedBinding } from './types.js'

export interface ExecutorResult {
  status: number
  contentType: string
  body: Uint8Array
}

export interface Executor {
  /** `extra`: headers passed on outside the binding (the W3C traceparent). */
  run(verified: VerifiedBinding, path: string, extra?: Record<string, string>): Promise<ExecutorResult>
  close(): Promise<void>
}

/**
 * POSTs exactly the verified bytes to `{executor}{path}` with an explicit Content-Length and the
 * decision as plain headers (Verbatim-Decision-Id, -Agent, -Tool). The Verbatim signature headers are
 * not passed on: the executor trusts the guard, which is why nothing else may reach it.
 */
/** The guard's 502: `detail.sent` false when no connection to the executor opened (the call did not run: safe to retry). */
export function executorFailure(msg: string, sent: boolean, cause?: unknown): VerbatimError {
  const what = sent ? 'the call may have reached it' : 'the call did not reach it'
  return new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', `${msg}; ${what}`, { cause, detail: { sent } })
}

export function httpExecutor(cfg: HttpExecutorConfig): Executor {
  const unix = cfg.http.startsWith('unix:') ? cfg.http.slice('unix:'.length) : undefined
  const base = unix === undefined ? new URL(cfg.http) : undefined
  const prefix = base === undefined ? '' : base.pathname.replace(/\/$/, '')
  // Keep-alive connections to the executor, never pipelined; undici never retries a POST (DESIGN invariant 7).
  const pool = new Pool(base === undefined ? 'http://localhost' : base.origin, { pipelining: 1, ...(unix === undefined ? {} : { connect: { socketPath: unix } }) })
  return {
    run(v, path, extra = {}) {
      return new Promise<ExecutorResult>((resolve, reject) => {
        const headers = {
          ...extra,
          'content-type': 'application/json', 'content-length': String(v.bytes.byteLength),
          'verbatim-decision-id': v.decisionId, 'verbatim-agent': v.agent, 'verbatim-tool': v.tool,
        }
        pool.dispatch({ path: prefix + path, method: 'POST', headers, body: v.bytes, headersTimeout: 0, bodyTimeout: 0 }, new ExecutorAnswer(cfg, resolve, reject))
      })
    },
    async close() {
      await pool.destroy()
    },
  }
}

/**
 * Collects the executor's answer (undici dispatch: no stream or promise per chunk) within the
 * executor's deadline and size limit. `sent` is whether a connection to the executor was open when
 * the call failed: before that, not a byte reached it and the call certainly did not run.
 */
class ExecutorAnswer implements Dispatcher.DispatchHandler {
  #abort: ((err: Error) => void) | undefined
  #reason: Error | undefined
  #connected = false
  #status = 502
  #contentType = 'application/octet-stream'
  readonly #chunks: Buffer[] = []
  #total = 0
  #tooLarge: Error | undefined
  readonly #timer: NodeJS.Timeout
  #settled = false

  constructor(readonly cfg: HttpExecutorConfig, readonly resolve: (r: ExecutorResult) => void, readonly reject: (e: VerbatimError) => void) {
    this.#timer = setTimeout(() => this.#stop(new Error(`no answer within ${cfg.timeoutMs} ms`)), cfg.timeoutMs)
  }

  /** On a connection undici aborts the call (onError follows); before one, it fails now, unsent. */
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
    const ct = util.parseHeaders(raw)['content-type']
    if (typeof ct === 'string') this.#contentType = ct
    return true
  }

  onData(chunk: Buffer): boolean {
    this.#total += chunk.byteLength
    if (this.#total > this.cfg.maxResponseBytes) {
      this.#tooLarge = new Error(`executor response over ${this.cfg.maxResponseBytes} bytes`)
      this.#stop(this.#tooLarge)
      return false
    }
    this.#chunks.push(chunk)
    return true
  }

  onComplete(): void {
    clearTimeout(this.#timer)
    if (this.#settled) return
    this.#settled = true
    const b = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks, this.#total)
    this.resolve({ status: this.#status, contentType: this.#contentType, body: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) })
  }

  onError(err: Error): void {
    clearTimeout(this.#timer)
    if (this.#settled) return
    this.#settled = true
    const code = (err as NodeJS.ErrnoException).code
    this.reject(executorFailure(err === this.#tooLarge ? err.message : `executor: ${code ?? err.message}`, this.#connected, err))
  }
}
