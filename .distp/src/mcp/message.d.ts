/** @module mcp/message: one JSON-RPC 2.0 message, read from the value of canonical bytes (pure). */
import type { JsonValue } from '../canonical/index.js';
export type RpcId = string | number;
export type RpcMessage = {
    kind: 'request';
    id: RpcId;
    method: string;
    params: {
        [k: string]: JsonValue;
    } | undefined;
} | {
    kind: 'notification';
    method: string;
    params: {
        [k: string]: JsonValue;
    } | undefined;
} | {
    kind: 'response';
    id: RpcId;
};
/**
 * Reads one JSON-RPC 2.0 message (JSON-RPC 2.0 §4, §5) from a strictly parsed value. A batch (an
 * array) is refused: batches have carried calls past authorization and audit, and MCP 2025-06-18
 * removed them. `jsonrpc` must be "2.0"; `method` a string; `id` a string or an integer (§4: "Number
 * SHOULD NOT contain fractional parts"; null ids are refused); `params` an object when present
 * (MCP sends named parameters only). A response has `result` or `error`, never both.
 */
export declare function readRpcMessage(value: JsonValue): RpcMessage;
