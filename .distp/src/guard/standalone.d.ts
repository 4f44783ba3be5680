import type { CallLine } from '../observe/index.js';
import type { Server } from 'node:http';
import type { JWK } from 'jose';
import type { ConnectionStats } from '../http/index.js';
import type { GuardConfig } from './config.js';
export interface GuardHandle {
    url: string;
    port: number;
    /** The guard's public JWK (receipts, executed-log checkpoints); also served at /.well-known/jwks.json. */
    guardJwk: JWK;
    /** Epoch milliseconds from which fresh bindings are accepted (the restart rule); /readyz fails before. */
    readyAt: number;
    server: Server;
    connections: ConnectionStats;
    /** Graceful stop: readiness fails, calls in flight finish (up to `graceMs`, default 10 s), the executor and the executed log close. */
    close(opts?: {
        graceMs?: number;
    }): Promise<void>;
}
/**
 * Starts the standalone guard: it verifies each request (docs/binding.md §6), makes the execution
 * record durable, hands exactly the verified bytes to the executor, relays its answer and adds a
 * signed receipt. Invariant: the executor must not be reachable except through this process.
 */
export declare function startGuard(config: GuardConfig, opts?: {
    log?: (line: string) => void;
    callLog?: (line: CallLine) => void;
}): Promise<GuardHandle>;
