/** @module binding/vectors-mcp-refused: refused request vectors of the MCP profile (docs/binding.md §13.4), by step. */
import type { Kit, RequestVector } from './vector-kit.js';
import type { McpKit } from './vectors-mcp.js';
/** Refusals under profile mcp: the body pre-check, step 0, the new decision members, step 9's rules, and the order of 9, 10, 11. */
export declare function mcpRefusedVectors(k: Kit, m: McpKit): RequestVector[];
