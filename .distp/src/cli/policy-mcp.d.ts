/** @module cli/policy-mcp: the tool input schemas a live MCP server publishes in tools/list (the network edge of `policy check --mcp`). */
import type { ToolSchemas } from '../policy/index.js';
/**
 * Connects to an MCP server over Streamable HTTP with the official SDK client, reads every page of
 * tools/list and closes. A server that cannot be reached is a fault named by its URL, not a throw.
 */
export declare function mcpToolSchemas(url: string, timeoutMs?: number): Promise<ToolSchemas>;
