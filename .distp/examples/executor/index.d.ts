/** @module examples/executor: start the guarded sandbox executor (used by `npm start` and the e2e tests). */
import type { Server } from 'node:http';
import type { JWK } from 'jose';
import type { ReplayStore } from '../../src/guard/index.js';
export interface StartExecutorOptions {
    /** 0 picks a free port (default). */
    port?: number;
    host?: string;
    /** Real directory that `/workspace` maps to; created if missing. */
    workspace: string;
    /** This executor's audience; must equal the gate's upstream `audience`. */
    audience: string;
    /** The gate's JWKS URL (`{gate}/.well-known/jwks.json`) or a JWKS file. */
    jwksUrl?: string;
    jwksFile?: string;
    /** Directory of the executed log (audit process `guard`). */
    auditDir: string;
    /** 'memory' (default), a redis URL, or a store. */
    replay?: 'memory' | {
        redis: string;
    } | ReplayStore;
    /** Where the guard's own key lives (generated on first use); default an ephemeral key. */
    keyDir?: string;
    skewSeconds?: number;
    /** Shifts the guard's clock (tests simulate a skewed executor clock with it); default 0. */
    clockOffsetMs?: number;
    /** Refusals and faults; default stderr. */
    log?: (line: string) => void;
}
export interface ExecutorHandle {
    url: string;
    port: number;
    /** The guard's public JWK: verifies receipts and the executed log's checkpoints. */
    guardJwk: JWK;
    /** Epoch milliseconds from which fresh bindings are accepted (the restart rule, when the log held no earlier run). */
    readyAt: number;
    server: Server;
    close(): Promise<void>;
}
/**
 * Starts the example sandbox executor behind the guard middleware.
 * @example const ex = await startExecutor({ workspace: '/tmp/ws', audience: 'sandbox-1', jwksUrl: `${gate}/.well-known/jwks.json`, auditDir: '/tmp/guard-audit' })
 */
export declare function startExecutor(options: StartExecutorOptions): Promise<ExecutorHandle>;
