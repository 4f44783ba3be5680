import type { CommandSpec } from './command.js';
export declare const configSpec: CommandSpec;
