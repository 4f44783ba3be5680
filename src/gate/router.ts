/** @module gate/router: every gate endpoint, as one function from an exchange to a reply. */
import { VerbatimError } from '../errors/index.js'
import type { GateDeps } from './deps.js'
import type { Exchange, Reply } from './http/exchange.js'
import { jsonReply, problemReply } from './http/problem.js'
import { handleMcp } from './mcp/route.js'
import { handleToolCall } from './tool-call.js'
import { APPROVALS_PATH, handleApprovalStatus } from './approval-http.js'
import { upstreamNotReady } from './upstreams.js'

/** Why the gate is not ready: the audit, a stop in progress, an upstream that cannot take a call now (upstreamNotReady). */
export function readiness(deps: GateDeps): string[] {
  const reasons: string[] = [...(deps.ready?.().reasons ?? [])]
  for (const u of deps.upstreams.values()) reasons.push(...upstreamNotReady(u))
  return reasons
}

/**
 * Routes on the raw target: `/v1/tools/…` and `/mcp/…` to their transports (which refuse any other
 * spelling themselves), the key set, and the health endpoints. Everything else is 404.
 */
export function createRouter(deps: GateDeps): (ex: Exchange) => Promise<Reply> {
  const mcp = deps.mcp !== undefined && deps.mcp.servers.size > 0 ? deps.mcp : undefined
  return async (ex) => {
    const t = ex.target
    if (t.startsWith('/v1/tools/')) return handleToolCall(ex, deps)
    if (t.startsWith(APPROVALS_PATH)) return handleApprovalStatus(ex, deps)
    if (mcp !== undefined && t.startsWith('/mcp/')) return handleMcp(ex, deps, mcp)
    if (ex.method === 'GET' || ex.method === 'HEAD') {
      if (t === '/.well-known/jwks.json') return jsonReply(200, { keys: deps.publicKeys }, { 'cache-control': 'public, max-age=60' })
      if (t === '/healthz') {
        // Liveness: only what a restart mends (a log failed for good). A full disk recovers by itself; a dead upstream is not ours.
        const reasons = deps.unhealthy?.() ?? []
        return jsonReply(reasons.length === 0 ? 200 : 503, reasons.length === 0 ? { ok: true } : { ok: false, reasons })
      }
      if (t === '/readyz') {
        const reasons = readiness(deps)
        return jsonReply(reasons.length === 0 ? 200 : 503, { ok: reasons.length === 0, reasons })
      }
      if (t === '/metrics' && deps.metrics !== undefined) return { status: 200, headers: { 'content-type': deps.metrics.contentType }, body: await deps.metrics.render() }
    }
    return problemReply(new VerbatimError('ERR_GATE_NOT_FOUND', 'no such endpoint'))
  }
}
