import type { ListFilter, RpcId } from '../../mcp/index.js';
import type { StreamedResponse } from '../forward.js';
import type { Reply } from '../http/exchange.js';
/** What the relay must watch for in the answer to one request. */
export interface Watch {
    id: RpcId;
    method: string;
    filter: ListFilter;
    /** An initialize answer's revision and session: record it, or refuse it (an unsupported revision). */
    onInitialized?: (revision: string, sessionId: string | undefined) => void;
}
/**
 * The agent's response: status, the MCP and Verbatim headers, and the body. An event stream passes
 * through incrementally, block by block, never buffered whole; only the watched request's answer is
 * read (strictly) and rewritten. A JSON answer that needs reading is buffered (bounded by the
 * upstream's maxResponseBytes in the forwarder's place) and rewritten the same way.
 */
export declare function relayMcp(res: StreamedResponse, decisionId: string, watch: Watch | undefined, maxJsonBytes: number): Promise<Reply>;
