import type { CommandSpec } from './command.js';
import type { CliIO } from './io.js';
export declare function demoCommand(args: string[], io: CliIO): Promise<number>;
export declare const demoSpec: CommandSpec;
