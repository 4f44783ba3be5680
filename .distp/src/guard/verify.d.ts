import type { GuardRequest, VerifiedBinding, VerifyBindingOptions } from './types.js';
/** What a rejected binding still tells the execution log, when its headers parsed (step 2 passed). */
export interface RejectedBindingDetail {
    decisionId: string;
    agent: string;
    tool: string;
    keyid: string;
    nonce: string;
    created: number;
    expires: number;
    /** Hex SHA-256 of the received bytes (recomputed, whatever the header claims). */
    digest: string;
}
/**
 * Verifies a Verbatim binding (docs/binding.md §6, steps 0-11, in order; the first failure wins).
 * The adapters read the body first (intake's reader: ERR_INTAKE_EMPTY_BODY, ERR_INTAKE_TOO_LARGE).
 * Pure apart from the injected key resolver and replay store: `now` is unix seconds.
 * Throws a VerbatimError with an ERR_GUARD_… code; once the headers parsed, its `detail` is a
 * RejectedBindingDetail for the execution log.
 * @example
 * const v = await verifyBinding({ method: 'POST', path, query: '', headers: (n) => h.get(n) }, body,
 *   { audience: 'sandbox-1', keys, replay: new MemoryReplayStore(), now: Math.floor(Date.now() / 1000) })
 * runTool(v.tool, v.value)
 */
export declare function verifyBinding(request: GuardRequest, body: Uint8Array, options: VerifyBindingOptions): Promise<VerifiedBinding>;
