import type { Call } from './call/index.js';
import type { GateDeps } from './deps.js';
import type { Exchange, Reply } from './http/exchange.js';
/**
 * Reads the body under the size limit, the global budget and the body deadline; the bytes count
 * against the budget until the call is answered.
 */
export declare function readCallBody(ex: Exchange, deps: GateDeps, call: Call): Promise<Uint8Array>;
export declare function handleToolCall(ex: Exchange, deps: GateDeps): Promise<Reply>;
