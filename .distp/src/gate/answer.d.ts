import { VerbatimError } from '../errors/index.js';
import type { ForwardResponse } from './forward.js';
import type { UpstreamRuntime } from './deps.js';
import type { Reply } from './http/exchange.js';
/** What the gate forwarded: the receipt of the answer must name exactly this. */
export interface ForwardedCall {
    decisionId: string;
    /** Lowercase hex SHA-256 of the canonical bytes forwarded. */
    digest: string;
}
export type AnswerCheck = {
    ok: true;
    refusal: boolean;
} | {
    ok: false;
    fault: VerbatimError;
};
/** One header value, or undefined (a repeated header is not one receipt). */
export declare function singleHeader(v: string | string[] | undefined): string | undefined;
/**
 * With receipt keys configured, every answer from a call that ran must carry a Verbatim-Receipt
 * signed by the upstream's guard for this decision, these bytes, this audience and the status
 * relayed (docs/binding.md, receipts). A guard's refusal ran nothing and carries none. Without keys
 * the answer is relayed unverified (the gate warned at start).
 */
export declare function checkAnswer(res: ForwardResponse, call: ForwardedCall, upstream: UpstreamRuntime): Promise<AnswerCheck>;
/** What the agent is told about a call whose answer failed the receipt check: it was sent, so no blind retry. */
export declare function receiptFailure(upstream: UpstreamRuntime, fault: VerbatimError): VerbatimError;
/** The agent's response: the executor's status, content type and body, the decision id and the receipt. */
export declare function relay(res: ForwardResponse, decisionId: string): Reply;
