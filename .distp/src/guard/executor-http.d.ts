import type { HttpExecutorConfig } from './config.js';
import type { VerifiedBinding } from './types.js';
export interface ExecutorResult {
    status: number;
    contentType: string;
    body: Uint8Array;
}
export interface Executor {
    /** `extra`: headers passed on outside the binding (the W3C traceparent). */
    run(verified: VerifiedBinding, path: string, extra?: Record<string, string>): Promise<ExecutorResult>;
    close(): Promise<void>;
}
/**
 * POSTs exactly the verified bytes to `{executor}{path}` with an explicit Content-Length and the
 * decision as plain headers (Verbatim-Decision-Id, -Agent, -Tool). The Verbatim signature headers are
 * not passed on: the executor trusts the guard, which is why nothing else may reach it.
 */
export declare function httpExecutor(cfg: HttpExecutorConfig): Executor;
