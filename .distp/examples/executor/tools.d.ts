import type { JsonValue } from '../../src/canonical/index.js';
export interface ToolContext {
    /** Real directory that `/workspace` maps to. */
    workspace: string;
    /** Largest file fs.read returns (default 1 MiB). */
    maxReadBytes?: number;
    /** Cap on each of stdout and stderr of shell.exec (default 64 KiB). */
    maxOutputBytes?: number;
    /** Default and upper bound of shell.exec timeouts (defaults 10 s and 60 s). */
    defaultTimeoutMs?: number;
    maxTimeoutMs?: number;
}
type Args = {
    [key: string]: JsonValue;
};
type Tool = (args: Args, ctx: ToolContext) => Promise<JsonValue>;
export declare const TOOLS: Readonly<Record<string, Tool>>;
/** Runs a tool on the verified value. Throws ToolError (status + message) for a refusal of the tool itself. */
export declare function runTool(name: string, value: JsonValue, ctx: ToolContext): Promise<JsonValue>;
export {};
