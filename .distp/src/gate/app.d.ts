import { Hono } from 'hono';
import type { GateDeps } from './deps.js';
/**
 * The gate as a hono app. The gate's own server does not use it (it hands node's request to the
 * router directly); under @hono/node-server the raw request-target and body come from node's request.
 * @example
 * const app = createGateApp(deps)
 * const res = await app.request('/v1/tools/fs.read', { method: 'POST', headers, body })
 */
export declare function createGateApp(deps: GateDeps): Hono;
