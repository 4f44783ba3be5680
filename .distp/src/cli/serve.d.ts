import type { CommandSpec } from './command.js';
import type { CliIO } from './io.js';
export declare function serveCommand(args: string[], io: CliIO): Promise<number>;
export declare const serveSpec: CommandSpec;
export interface SignalWait {
    /** Resolves on the first SIGINT or SIGTERM. */
    signal: Promise<NodeJS.Signals>;
    dispose(): void;
}
/**
 * Installs SIGINT/SIGTERM handlers now. Call it before starting anything: a signal that arrives
 * between "listening" and the handler would otherwise kill the process without a clean stop.
 */
export declare function waitForSignal(): SignalWait;
