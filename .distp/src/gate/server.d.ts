import type { Server } from 'node:http';
import type { ConnectionStats } from '../http/index.js';
import type { AuditWriter } from '../audit/index.js';
import type { Config } from '../config/index.js';
import type { GateDeps } from './deps.js';
import type { SetTimer } from './probe.js';
import type { CallLine } from '../observe/index.js';
export interface GateHandle {
    url: string;
    port: number;
    server: Server;
    deps: GateDeps;
    audit: AuditWriter;
    /** Probes every upstream now; resolves when all answered. */
    probe(): Promise<void>;
    /** Open and shed connections. */
    connections: ConnectionStats;
    /**
     * Graceful stop: readiness fails first, the listener closes, calls in flight finish (up to
     * `graceMs`, default 10 s, then their connections are cut), the audit log is flushed, stopped and
     * checkpointed.
     */
    close(opts?: {
        graceMs?: number;
    }): Promise<void>;
}
export interface StartGateOptions {
    env?: Readonly<Record<string, string | undefined>>;
    log?: (line: string) => void;
    /** Audit off: for the benchmark's baseline only; never in production. */
    auditDisabled?: boolean;
    /** The timer of the periodic probe (tests drive it by hand); default setTimeout, unref'd. */
    probeTimer?: SetTimer;
    /** The audit log's process name (default `gate`): each worker of `serve --workers` has its own log and lock. */
    auditProcess?: string;
    /** One structured line per call (the CLI passes pino's); default none. */
    callLog?: (line: CallLine) => void;
}
/** Starts the gate. Any missing key, bad policy or unwritable audit directory refuses the start. */
export declare function startGate(config: Config, opts?: StartGateOptions): Promise<GateHandle>;
