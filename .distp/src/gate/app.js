import { Hono } from 'hono';
import { fromNode, fromRequest, toResponse } from './http/exchange.js';
import { problemReply } from './http/problem.js';
import { createRouter } from './router.js';
/**
 * The gate as a hono app. The gate's own server does not use it (it hands node's request to the
 * router directly); under @hono/node-server the raw request-target and body come from node's request.
 * @example
 * const app = createGateApp(deps)
 * const res = await app.request('/v1/tools/fs.read', { method: 'POST', headers, body })
 */
export function createGateApp(deps) {
    const route = createRouter(deps);
    const app = new Hono();
    app.all('*', async (c) => {
        const incoming = c.env?.incoming;
        return toResponse(await route(incoming !== undefined ? fromNode(incoming) : fromRequest(c.req.raw)));
    });
    app.onError((err) => toResponse(problemReply(err)));
    return app;
}
//# sourceMappingURL=app.js.map