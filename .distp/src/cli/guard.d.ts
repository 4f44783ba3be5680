import type { CommandSpec } from './command.js';
import type { CliIO } from './io.js';
/** Flags and config cannot mix, except `-- CMD…`, which replaces the config's executor. */
export declare function guardCommand(args: string[], io: CliIO): Promise<number>;
export declare const guardSpec: CommandSpec;
