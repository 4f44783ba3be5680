import type { VerbatimError } from '../../errors/index.js';
import type { RpcId } from '../../mcp/index.js';
import type { Reply } from '../http/exchange.js';
/** The JSON-RPC error code of a Verbatim denial (JSON-RPC 2.0 §5.1: -32000 to -32099 are the server's). */
export declare const MCP_DENIED = -32001;
/**
 * A denied request is answered as JSON-RPC (2.0 §5): an error with the problem's title and detail as
 * the message, and the RFC 9457 problem (stable `code`, `decisionId`) as `data`. HTTP 200, as the
 * transport answers every JSON-RPC response; nothing reached the server.
 */
export declare function denialResponse(e: VerbatimError, id: RpcId, decisionId: string): Reply;
