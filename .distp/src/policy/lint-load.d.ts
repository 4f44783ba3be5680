import type { Config } from '../config/index.js';
import type { CompiledPolicy } from './compile.js';
import type { LintContext, ToolSchema } from './lint.js';
import type { PolicyFault } from './source.js';
export interface ToolSchemas {
    tools: ToolSchema[];
    faults: PolicyFault[];
}
/** Reads a file of tool schemas (JSON or YAML, shaped like an MCP tools/list result); faults at file:line:col. */
export declare function readToolSchemaFile(file: string, source?: string): Promise<ToolSchemas>;
/**
 * What `verbatim policy check --config` and the gate check a policy against: the config's agents,
 * its routes, and each upstream's `toolSchemas` (read from their files here).
 */
export declare function lintContextOf(config: Pick<Config, 'agents' | 'routes' | 'upstreams'>): Promise<{
    context: LintContext;
    faults: PolicyFault[];
}>;
/**
 * The gate's start-up check: each finding of lintPolicy against the config, as one log line. It
 * never throws; a dead rule fails closed, so the gate starts and says so.
 * @example for (const line of await policyWarnings(config, store.current)) log(`verbatim gate: ${line}`)
 */
export declare function policyWarnings(config: Pick<Config, 'agents' | 'routes' | 'upstreams'>, policy: CompiledPolicy): Promise<string[]>;
