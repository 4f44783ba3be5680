/** @module gate/app: the gate's router as a hono app (library users, and tests through app.request). */
import type { IncomingMessage } from 'node:http'
import { Hono } from 'hono'
import type { GateDeps } from './deps.js'
import { fromNode, fromRequest, toResponse } from './http/exchange.js'
import { problemReply } from './http/problem.js'
import { createRouter } from './router.js'

/**
 * The gate as a hono app. The gate's own server does not use it (it hands node's request to the
 * router directly); under @hono/node-server the raw request-target and body come from node's request.
 * @example
 * const app = createGateApp(deps)
 * const res = await app.request('/v1/tools/fs.read', { method: 'POST', headers, body })
 */
export function createGateApp(deps: GateDeps): Hono {
  const route = createRouter(deps)
  const app = new Hono()
  app.all('*', async (c) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
    return toResponse(await route(incoming !== undefined ? fromNode(incoming) : fromRequest(c.req.raw)))
  })
  app.onError((err) => toResponse(problemReply(err)))
  return app
}
