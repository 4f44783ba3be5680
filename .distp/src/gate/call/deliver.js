/** @module gate/call/deliver: forward an approval once, check the answer's receipt, make the outcome durable. */
import { Readable } from 'node:stream';
import { VerbatimError, isVerbatimError } from '../../errors/index.js';
import { checkAnswer, receiptFailure, singleHeader } from '../answer.js';
import { gateLog } from './trail.js';
function request(a, extraHeaders) {
    const u = a.upstream.config;
    const r = {
        url: a.url, method: a.method, headers: { ...extraHeaders, ...a.headers }, body: a.bytes,
        timeoutMs: u.timeoutMs, maxResponseBytes: u.maxResponseBytes, connectTimeoutMs: u.connectTimeoutMs,
    };
    if (u.firstByteTimeoutMs !== undefined)
        r.firstByteTimeoutMs = u.firstByteTimeoutMs;
    return r;
}
/**
 * Checks the answer's receipt and makes the `forward` record durable before the agent sees any of
 * the answer. A receipt fault withholds the answer and marks the upstream unguarded; an outcome that
 * cannot be recorded is refused as "forwarded, do not repeat blindly".
 */
async function settle(deps, call, a, res, failure, started) {
    const u = a.upstream;
    call.upstream = u.config.name;
    call.upstreamMs = deps.now() - started;
    const record = { decisionId: call.decisionId, status: res?.status ?? 0, latencyMs: call.upstreamMs };
    const receipt = singleHeader(res?.headers['verbatim-receipt']);
    if (receipt !== undefined)
        record.receipt = receipt;
    if (res !== undefined) {
        const check = await checkAnswer(res, { decisionId: call.decisionId, digest: String(call.trail.digest) }, u);
        if (check.ok && check.refusal)
            record.refusedByGuard = true;
        if (!check.ok) {
            // Fail closed for later calls: the answer may be another call's, or nothing checked this one.
            u.guard = 'unguarded';
            u.guardDetail = `receipt fault: ${check.fault.message}`;
            u.receiptFault = true;
            gateLog(deps)(`verbatim gate: RECEIPT FAULT from upstream '${u.config.name}' on decision ${call.decisionId}: ${check.fault.message}. Its answer is withheld and the upstream is marked unguarded until a periodic probe passes.`);
            failure = receiptFailure(u, check.fault);
            record.receiptFault = check.fault.message.slice(0, 500);
        }
    }
    if (failure)
        record.code = failure.code;
    // One fdatasync wait per call: the approval was durable before a byte left (DESIGN invariant 6);
    // the outcome is appended in order but not waited for. A crash can lose the last outcomes, never an
    // approval; the guard's executed log and its receipts still answer what ran (docs/audit.md).
    deps.audit.append('forward', record).catch((err) => gateLog(deps)(`verbatim gate: the outcome of ${call.decisionId} could not be recorded: ${String(err)}`));
    if (failure !== undefined || res === undefined)
        throw failure ?? new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE');
}
const asFailure = (err) => isVerbatimError(err) ? err : new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', 'forward failed', { cause: err });
/**
 * Sends once; a call whose connection never opened (no byte left) is sent once more with the same
 * binding when the upstream allows it: the guard accepts each nonce once, so it cannot run twice
 * (DESIGN invariant 7). The circuit learns every outcome: a connect failure or a timeout is a fault.
 */
async function sendOnce(a, send) {
    const u = a.upstream;
    let retried = false;
    for (;;) {
        try {
            const r = await send();
            u.circuit.settle('ok');
            return r;
        }
        catch (err) {
            const e = asFailure(err);
            const neverSent = e.detail?.['sent'] === false;
            if (neverSent && u.config.retryConnect && !retried) {
                retried = true;
                continue;
            }
            u.circuit.settle(e.detail?.['fault'] === true ? 'fault' : 'ok');
            throw e;
        }
    }
}
/** Sends the approved bytes upstream once (at most: see sendOnce) and buffers the answer. */
export async function deliver(deps, call, a, extraHeaders = {}) {
    const started = deps.now();
    let res;
    let failure;
    try {
        res = await sendOnce(a, () => deps.forward(request(a, extraHeaders)));
    }
    catch (err) {
        failure = asFailure(err);
    }
    finally {
        a.release();
    }
    await settle(deps, call, a, res, failure, started);
    return res;
}
/**
 * The same, for an answer that streams: settled on its head (status and receipt), before the body;
 * the slot is given back at the head. A bodiless error without a receipt is read whole first
 * (bounded): it may be a guard's refusal.
 */
export async function deliverStream(deps, call, a, extraHeaders = {}) {
    const stream = deps.forwardStream;
    if (stream === undefined)
        throw new VerbatimError('ERR_INTERNAL', 'no streaming forwarder');
    const started = deps.now();
    let res;
    let failure;
    try {
        res = await sendOnce(a, () => stream(request(a, extraHeaders)));
    }
    catch (err) {
        failure = asFailure(err);
    }
    finally {
        a.release();
    }
    let head;
    if (res !== undefined) {
        let body = new Uint8Array();
        if (res.status >= 400 && res.headers['verbatim-receipt'] === undefined) {
            body = await readAll(res.body, a.upstream.config.maxResponseBytes).catch(() => new Uint8Array());
            res = { ...res, body: Readable.from([Buffer.from(body)]) };
        }
        head = { status: res.status, headers: res.headers, body };
    }
    try {
        await settle(deps, call, a, head, failure, started);
    }
    catch (err) {
        res?.body.destroy();
        throw err;
    }
    return res;
}
async function readAll(body, max) {
    const chunks = [];
    let n = 0;
    for await (const c of body) {
        n += c.byteLength;
        if (n > max)
            throw new Error('too large');
        chunks.push(c);
    }
    return new Uint8Array(Buffer.concat(chunks));
}
//# sourceMappingURL=deliver.js.map