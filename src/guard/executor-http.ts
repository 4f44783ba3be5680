/** @module guard/executor-http: hand verified bytes to an HTTP executor on loopback or a unix socket, once, never retried. */
import { Pool } from 'undici'
import { VerbatimError } from '../errors/index.js'
import { BufferedAnswer } from '../http/index.js'
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
        pool.dispatch({ path: prefix + path, method: 'POST', headers, body: v.bytes, headersTimeout: 0, bodyTimeout: 0 }, answerOf(cfg, resolve, reject))
      })
    },
    async close() {
      await pool.destroy()
    },
  }
}

/**
 * Collects the executor's answer within its deadline and size limit. A failure says whether a
 * connection to the executor was open: before that, not a byte reached it and the call certainly
 * did not run.
 */
function answerOf(cfg: HttpExecutorConfig, resolve: (r: ExecutorResult) => void, reject: (e: VerbatimError) => void): BufferedAnswer {
  return new BufferedAnswer(
    { timeoutMs: cfg.timeoutMs, maxBytes: cfg.maxResponseBytes, timeout: () => new Error(`no answer within ${cfg.timeoutMs} ms`) },
    (r) => {
      const ct = r.headers['content-type']
      resolve({ status: r.status, contentType: typeof ct === 'string' ? ct : 'application/octet-stream', body: r.body })
    },
    (f) => reject(executorFailure(f.tooLarge ? `executor response over ${cfg.maxResponseBytes} bytes` : `executor: ${(f.err as NodeJS.ErrnoException).code ?? f.err.message}`, f.connected, f.err)),
  )
}
