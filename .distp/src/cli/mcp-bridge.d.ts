import type { CommandSpec } from './command.js';
import type { CliIO } from './io.js';
export declare function mcpBridgeCommand(args: string[], io: CliIO): Promise<number>;
export declare const mcpBridgeSpec: CommandSpec;
