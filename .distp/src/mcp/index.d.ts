/** @module mcp: Model Context Protocol specifics shared by the gate and the guard: JSON-RPC messages, policy names, lists, event streams. */
export { readRpcMessage } from './message.js';
export type { RpcMessage, RpcId } from './message.js';
export { subjectOf, transportSubject, policyName, splitPolicyName, methodMatches, routingHeaderConflict, MCP_PREFIX, RESERVED_METHODS, NAMED_PREFIXES } from './names.js';
export type { McpSubject } from './names.js';
export { filterListResponse, isFilteredList } from './lists.js';
export type { ListFilter } from './lists.js';
export { sseRewriter, parseEventBlock, serializeEvent } from './sse.js';
export type { SseEvent } from './sse.js';
