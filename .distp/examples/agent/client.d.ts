/** @module examples/agent/client: how an agent calls the gate: one POST, problem+json errors, careful retries. */
export interface ToolResult {
    status: number;
    body: unknown;
    decisionId: string | null;
    receipt: string | null;
}
/** A refusal or failure from the gate, with its stable code (docs/errors.md). */
export declare class GateError extends Error {
    readonly status: number;
    readonly code: string;
    readonly decisionId: string | null;
    constructor(status: number, code: string, decisionId: string | null, detail: string | undefined);
}
export interface CallOptions {
    /** Attempts for refusals the gate marks retryable (a Retry-After header); default 3. */
    attempts?: number;
    /** Upper bound of one wait, in ms; default 5000. */
    maxWaitMs?: number;
    sleep?: (ms: number) => Promise<void>;
}
/**
 * Calls `tool` with `args` through the gate. Retries only what the gate says is safe to retry: an
 * answer with Retry-After (overloaded, or the audit log briefly unavailable before anything was
 * forwarded), waiting a random time up to the hint (full jitter), so that 500 agents do not come back
 * at once. A 502/504 is never retried: the tool may have run.
 * @example
 * const r = await callTool('http://127.0.0.1:8080', token, 'fs.read', { path: '/workspace/README.md' })
 */
export declare function callTool(gate: string, token: string, tool: string, args: Record<string, unknown>, o?: CallOptions): Promise<ToolResult>;
