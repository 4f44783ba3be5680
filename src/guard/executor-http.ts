/** @module guard/executor-http: hand verified bytes to an HTTP executor on loopback or a unix socket, once, never retried. */
import { request } from 'node:http'
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
  return {
    run(v, path, extra = {}) {
      return new Promise<ExecutorResult>((resolve, reject) => {
        const target = base === undefined ? path : new URL(base.pathname.replace(/\/$/, '') + path, base)
        const headers = {
          ...extra,
          'content-type': 'application/json', 'content-length': String(v.bytes.byteLength),
          'verbatim-decision-id': v.decisionId, 'verbatim-agent': v.agent, 'verbatim-tool': v.tool,
        }
        const opts = unix === undefined ? { method: 'POST', headers } : { method: 'POST', headers, socketPath: unix, path }
        const r = typeof target === 'string' ? request(opts) : request(target, opts)
        // No connection ever opened: not a byte reached the executor, so the call certainly did not run.
        let connected = false
        r.on('socket', (s) => {
          if (!s.connecting) connected = true
          else s.once('connect', () => (connected = true))
        })
        const fail = (msg: string, cause?: unknown): void => reject(executorFailure(msg, connected, cause))
        const timer = setTimeout(() => r.destroy(new Error(`no answer within ${cfg.timeoutMs} ms`)), cfg.timeoutMs)
        r.on('error', (e) => { clearTimeout(timer); fail(`executor: ${(e as NodeJS.ErrnoException).code ?? e.message}`, e) })
        r.on('response', (res) => {
          const chunks: Buffer[] = []
          let n = 0
          res.on('data', (c: Buffer) => {
            n += c.byteLength
            if (n > cfg.maxResponseBytes) res.destroy(new Error(`executor response over ${cfg.maxResponseBytes} bytes`))
            else chunks.push(c)
          })
          res.on('error', (e) => { clearTimeout(timer); fail(e.message, e) })
          res.on('end', () => {
            clearTimeout(timer)
            resolve({ status: res.statusCode ?? 502, contentType: res.headers['content-type'] ?? 'application/octet-stream', body: new Uint8Array(Buffer.concat(chunks)) })
          })
        })
        r.end(v.bytes)
      })
    },
    async close() {},
  }
}
