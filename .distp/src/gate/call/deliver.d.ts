import type { GateDeps } from '../deps.js';
import type { ForwardResponse, StreamedResponse } from '../forward.js';
import type { Approval } from './approve.js';
import type { Call } from './trail.js';
/** Sends the approved bytes upstream once (at most: see sendOnce) and buffers the answer. */
export declare function deliver(deps: GateDeps, call: Call, a: Approval, extraHeaders?: Record<string, string>): Promise<ForwardResponse>;
/**
 * The same, for an answer that streams: settled on its head (status and receipt), before the body;
 * the slot is given back at the head. A bodiless error without a receipt is read whole first
 * (bounded): it may be a guard's refusal.
 */
export declare function deliverStream(deps: GateDeps, call: Call, a: Approval, extraHeaders?: Record<string, string>): Promise<StreamedResponse>;
