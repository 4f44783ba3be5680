import type { GateDeps } from './deps.js';
import type { Exchange, Reply } from './http/exchange.js';
/** Why the gate is not ready: the audit, a stop in progress, or an upstream not (yet) known guarded. */
export declare function readiness(deps: GateDeps): string[];
/**
 * Routes on the raw target: `/v1/tools/…` and `/mcp/…` to their transports (which refuse any other
 * spelling themselves), the key set, and the health endpoints. Everything else is 404.
 */
export declare function createRouter(deps: GateDeps): (ex: Exchange) => Promise<Reply>;
