import type { CommandSpec } from './command.js';
import type { CliIO } from './io.js';
/** Writes the RFC 8785 bytes of FILE (or stdin) with no trailing newline; `ERR_…: message` on rejection. */
export declare function canonicalCommand(args: string[], io: CliIO): Promise<number>;
export declare const canonicalSpec: CommandSpec;
