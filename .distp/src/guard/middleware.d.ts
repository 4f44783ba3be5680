import type { MiddlewareHandler } from 'hono';
import type { GuardOptions } from './core.js';
import type { VerifiedBinding } from './types.js';
/** The hono Env the middleware provides: `c.get('verbatim')` is the verified binding. */
export interface GuardEnv {
    Variables: {
        verbatim: VerifiedBinding;
    };
}
/**
 * hono middleware that verifies the Verbatim binding of every request (docs/binding.md §6).
 * On a refusal it answers problem+json (RFC 9457) 401/403/503 with the code, and the handler never
 * runs. On success the execution record is durable before `next()`, the handler reads
 * `c.get('verbatim').value`, and the response carries a signed `Verbatim-Receipt`.
 * @example
 * const app = new Hono<GuardEnv>()
 * app.use('/v1/tools/*', guard({ audience: 'sandbox-1', keys: jwksKeyResolver({ url }), log: auditWriter, receiptSigner }))
 * app.post('/v1/tools/:tool', (c) => c.json(run(c.get('verbatim'))))
 */
export declare function guard(options: GuardOptions): MiddlewareHandler<GuardEnv>;
