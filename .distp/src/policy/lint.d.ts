import type { JsonValue } from './json.js';
import type { PolicyFault, PolicySource } from './source.js';
/** A tool and the JSON Schema of its arguments, as MCP's tools/list gives it. */
export interface ToolSchema {
    readonly name: string;
    readonly inputSchema: JsonValue;
    /** Where it was declared, e.g. "upstream sandbox" or an MCP server URL. */
    readonly source: string;
}
/** What a policy is checked against; each part is optional, and a part left out is not checked. */
export interface LintContext {
    /** The agent ids the gate authenticates. */
    readonly agents?: readonly string[];
    /** The gate's routes: tool names, prefixes ending in *, or *, and the upstream that serves them. */
    readonly routes?: readonly {
        readonly tools: readonly string[];
        readonly upstream: string;
    }[];
    /** Upstreams that declare their tools: a tool routed to one of them must be on its list. */
    readonly upstreamTools?: ReadonlyMap<string, readonly string[]>;
    /** Tools whose input schemas are known; their names count as served too. */
    readonly tools?: readonly ToolSchema[];
}
/**
 * Reports rules that can never match: an agent the gate does not know, a tool no route serves (or
 * that its upstream does not list), and conditions that a tool's input schema rules out (a pointer
 * the schema lacks, an operator for another type, a type that contradicts it, a value it forbids).
 * Pure; each finding is placed at file:line:col, with "did you mean" when a close name exists. A
 * source that does not load is skipped (its faults are compilePolicy's to report).
 * @example lintPolicy(policy.sources, { agents: ['coder'], routes: [{ tools: ['fs.*'], upstream: 'sandbox' }] })
 */
export declare function lintPolicy(sources: readonly PolicySource[], context: LintContext): PolicyFault[];
