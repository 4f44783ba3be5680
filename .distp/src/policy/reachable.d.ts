/** @module policy/reachable: could this agent ever be allowed this tool, whatever the arguments? (pure) */
import type { CompiledPolicy } from './compile.js';
/**
 * True unless no call of `tool` by `agent` can ever be allowed: some allow rule covers the pair, and
 * no deny rule covers it without conditions. Conditions on arguments are not evaluated (the
 * arguments are not known), so true means "may be allowed", false means "never allowed". Used to
 * filter lists (MCP tools/list, prompts/list) down to what an agent could call.
 */
export declare function couldAllow(policy: CompiledPolicy, agent: string, tool: string): boolean;
