/** @module config: the verbatim.yaml schema, its loader, and the docs generated from it. */
export { ConfigSchema, AgentSchema, UpstreamSchema, RouteSchema, KeySetSchema, McpServerSchema, DEFAULT_MCP_PASS, ToolListFileSchema, ToolSchemasSchema } from './schema.js';
export type { Config, ConfigInput, Upstream, AgentConfig, McpServerConfig } from './schema.js';
export { loadConfig, parseConfig } from './load.js';
export { canonicalOptionsOf } from './canonical-options.js';
export type { LoadedConfig } from './load.js';
export { configJsonSchema, renderConfigDoc } from './json-schema.js';
export { parseYamlWithSchema, formatFault } from './yaml-source.js';
export type { SourceFault, ParsedYaml } from './yaml-source.js';
