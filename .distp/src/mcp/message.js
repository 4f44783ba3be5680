import { VerbatimError } from '../errors/index.js';
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function invalid(message) {
    return new VerbatimError('ERR_MCP_INVALID_MESSAGE', message);
}
/**
 * Reads one JSON-RPC 2.0 message (JSON-RPC 2.0 §4, §5) from a strictly parsed value. A batch (an
 * array) is refused: batches have carried calls past authorization and audit, and MCP 2025-06-18
 * removed them. `jsonrpc` must be "2.0"; `method` a string; `id` a string or an integer (§4: "Number
 * SHOULD NOT contain fractional parts"; null ids are refused); `params` an object when present
 * (MCP sends named parameters only). A response has `result` or `error`, never both.
 */
export function readRpcMessage(value) {
    if (Array.isArray(value))
        throw new VerbatimError('ERR_MCP_BATCH', 'JSON-RPC batches are refused: send one message per request');
    if (!isObject(value))
        throw invalid('a JSON-RPC message is a JSON object');
    if (value['jsonrpc'] !== '2.0')
        throw invalid('"jsonrpc" must be "2.0"');
    const hasId = Object.hasOwn(value, 'id');
    const id = value['id'];
    if (hasId && !(typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)))) {
        throw invalid('"id" must be a string or an integer');
    }
    if (!Object.hasOwn(value, 'method')) {
        const hasResult = Object.hasOwn(value, 'result');
        const hasError = Object.hasOwn(value, 'error');
        if (!hasId || hasResult === hasError)
            throw invalid('a message without "method" must be a response: an "id" and exactly one of "result" or "error"');
        if (hasError && !isObject(value['error']))
            throw invalid('"error" must be an object');
        return { kind: 'response', id: id };
    }
    const method = value['method'];
    if (typeof method !== 'string' || method === '')
        throw invalid('"method" must be a non-empty string');
    if (Object.hasOwn(value, 'result') || Object.hasOwn(value, 'error'))
        throw invalid('a request carries no "result" or "error"');
    const params = value['params'];
    if (params !== undefined && !isObject(params))
        throw invalid('"params" must be an object');
    return hasId ? { kind: 'request', id: id, method, params } : { kind: 'notification', method, params };
}
//# sourceMappingURL=message.js.map