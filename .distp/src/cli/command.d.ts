/** @module cli/command: a command's name, usage and subcommands, so every level answers --help alike. */
import type { CliIO, Command } from './io.js';
/** A leaf runs; a group dispatches to subcommands, each loaded only when used. */
export interface CommandSpec {
    /** The full command, e.g. `verbatim audit verify`; the usage text starts with `usage: <name>`. */
    readonly name: string;
    /** Printed to stdout for `--help` or `-h` (exit 0), and to stderr on a usage error (exit 2). */
    readonly usage: string;
    readonly run?: Command;
    readonly subcommands?: Readonly<Record<string, () => Promise<CommandSpec>>>;
}
/** True when `--help` or `-h` comes before any `--` (what follows `--` belongs to another program). */
export declare function wantsHelp(args: readonly string[]): boolean;
/** Runs a command: help first, then a group's subcommand or the leaf itself. */
export declare function runCommand(spec: CommandSpec, args: string[], io: CliIO): Promise<number>;
/** Usage text from lines: `usage: <name> <synopsis>`, then the rest, ending in a newline. */
export declare function usageText(name: string, synopsis: string | readonly string[], ...body: string[]): string;
