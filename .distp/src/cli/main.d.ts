/** @module cli/main: the `verbatim` command dispatcher; the only place that reads argv and exits. */
import type { CommandSpec } from './command.js';
import type { CliIO } from './io.js';
export interface CommandEntry {
    /** One line of the top-level usage. */
    readonly summary: string;
    readonly load: () => Promise<CommandSpec>;
}
/** Each command lives in its own file and is loaded only when used. */
export declare const COMMANDS: Readonly<Record<string, CommandEntry>>;
export declare function main(argv: string[], io?: CliIO): Promise<number>;
