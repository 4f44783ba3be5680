/** @module gate/answer: check the executor's answer (its receipt) before a byte of it reaches the agent. */
import { checkReceipt } from '../binding/index.js';
import { canonicalBytes } from '../canonical/index.js';
import { VerbatimError } from '../errors/index.js';
/** One header value, or undefined (a repeated header is not one receipt). */
export function singleHeader(v) {
    return Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
}
/**
 * A guard refused the call before anything ran: an error status, no receipt, and a problem whose
 * code is a guard's or intake's (read with the strict parser: the gate has one JSON reader).
 */
function guardRefusal(res) {
    if (res.status < 400 || res.headers['verbatim-receipt'] !== undefined)
        return false;
    try {
        const v = canonicalBytes(res.body, { maxBytes: 64 * 1024 }).value;
        const code = typeof v === 'object' && v !== null && !Array.isArray(v) ? v['code'] : undefined;
        return typeof code === 'string' && /^ERR_(GUARD|INTAKE|AUDIT)_/.test(code);
    }
    catch {
        return false;
    }
}
/**
 * With receipt keys configured, every answer from a call that ran must carry a Verbatim-Receipt
 * signed by the upstream's guard for this decision, these bytes, this audience and the status
 * relayed (docs/binding.md, receipts). A guard's refusal ran nothing and carries none. Without keys
 * the answer is relayed unverified (the gate warned at start).
 */
export async function checkAnswer(res, call, upstream) {
    const refusal = guardRefusal(res);
    const keys = upstream.receiptKeys;
    if (keys === undefined || refusal)
        return { ok: true, refusal };
    try {
        const header = res.headers['verbatim-receipt'];
        if (Array.isArray(header) && header.length > 1)
            throw new VerbatimError('ERR_GUARD_RECEIPT_INVALID', 'the answer carries more than one Verbatim-Receipt');
        await checkReceipt(singleHeader(header), { decisionId: call.decisionId, digest: call.digest, aud: upstream.config.audience, status: res.status }, keys);
        return { ok: true, refusal };
    }
    catch (err) {
        const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_GUARD_RECEIPT_INVALID', 'the receipt could not be checked', { cause: err });
        return { ok: false, fault: e };
    }
}
/** What the agent is told about a call whose answer failed the receipt check: it was sent, so no blind retry. */
export function receiptFailure(upstream, fault) {
    return new VerbatimError('ERR_GUARD_RECEIPT_INVALID', `the call was forwarded to '${upstream.config.name}' and may have run, but its answer failed the receipt check (${fault.message}); the answer is withheld. Do not repeat the call without checking whether it ran`, { cause: fault, detail: { forwarded: true } });
}
/** The agent's response: the executor's status, content type and body, the decision id and the receipt. */
export function relay(res, decisionId) {
    const out = { 'verbatim-decision-id': decisionId };
    const ct = res.headers['content-type'];
    if (typeof ct === 'string')
        out['content-type'] = ct;
    const receipt = singleHeader(res.headers['verbatim-receipt']);
    if (receipt !== undefined)
        out['verbatim-receipt'] = receipt;
    // A guard's refusal that says when to come back (its restart window) keeps saying so.
    const retry = singleHeader(res.headers['retry-after']);
    if (retry !== undefined && receipt === undefined && res.status >= 400 && /^\d{1,4}$/.test(retry))
        out['retry-after'] = retry;
    // RFC 9110 §15.3.5, §15.3.6, §15.4.5: these statuses carry no content.
    const empty = res.body.byteLength === 0 || res.status === 204 || res.status === 205 || res.status === 304;
    return { status: res.status, headers: out, body: empty ? null : res.body };
}
//# sourceMappingURL=answer.js.map