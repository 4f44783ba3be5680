/** @module gate/app: the hono app of the gate. Routes only; the pipeline lives in tool-call.ts. */
import { Hono } from 'hono'
import { VerbatimError } from '../errors/index.js'
import type { GateDeps } from './deps.js'
import { problemResponse } from './problem-response.js'
import { handleToolCall } from './tool-call.js'
import { handleMcp } from './mcp/route.js'

/**
 * @example
 * const app = createGateApp(deps)
 * const res = await app.request('/v1/tools/fs.read', { method: 'POST', headers, body })
 */
export function createGateApp(deps: GateDeps): Hono {
  const app = new Hono()
  app.all('/v1/tools/*', (c) => handleToolCall(c, deps))
  const mcp = deps.mcp
  if (mcp !== undefined && mcp.servers.size > 0) app.all('/mcp/*', (c) => handleMcp(c, deps, mcp))
  app.get('/.well-known/jwks.json', (c) => c.json({ keys: deps.publicKeys }, 200, { 'cache-control': 'public, max-age=60' }))
  app.get('/healthz', (c) => c.json({ ok: true }))
  app.get('/readyz', (c) => {
    const reasons: string[] = [...(deps.ready?.().reasons ?? [])]
    for (const u of deps.upstreams.values()) {
      if (u.config.guarded && u.guard !== 'guarded') reasons.push(`upstream ${u.config.name}: ${u.guard}${u.guardDetail ? ` (${u.guardDetail})` : ''}`)
    }
    return c.json({ ok: reasons.length === 0, reasons }, reasons.length === 0 ? 200 : 503)
  })
  app.notFound((c) => problemResponse(c, new VerbatimError('ERR_GATE_NOT_FOUND', 'no such endpoint')))
  app.onError((err, c) => problemResponse(c, err))
  return app
}
