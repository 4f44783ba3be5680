/** @module guard/core: the request flow both adapters share: verify, write-ahead execution record, receipt. */
import { executionRecordFields } from '../audit/index.js';
import { toProblem } from '../errors/index.js';
import { VerbatimError } from '../errors/index.js';
import { signReceipt } from '../binding/index.js';
import { MemoryReplayStore } from './replay-memory.js';
import { verifyBinding } from './verify.js';
import { DEFAULT_SKEW_SECONDS } from '../binding/index.js';
function refusal(err) {
    const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err });
    const id = e.detail?.decisionId;
    const problem = toProblem(e, typeof id === 'string' ? id : undefined);
    return { ok: false, status: problem.status, problem };
}
/** Builds the shared flow from options; `guard()` and `guardNodeHandler()` are thin adapters over it. */
export function createGuardCore(options) {
    const clock = options.clock ?? Date.now;
    const replay = options.replay ?? new MemoryReplayStore();
    const startedAt = options.startedAt ?? (replay.volatile === true && options.replaySeeded !== true ? Math.floor(clock() / 1000) : undefined);
    const log = options.log;
    const onReject = options.onReject ?? (() => { });
    const base = { audience: options.audience, keys: options.keys, replay };
    if (options.skewSeconds !== undefined)
        base.skewSeconds = options.skewSeconds;
    if (options.maxTtlSeconds !== undefined)
        base.maxTtlSeconds = options.maxTtlSeconds;
    if (options.algorithms !== undefined)
        base.algorithms = options.algorithms;
    if (options.canonical !== undefined)
        base.canonical = options.canonical;
    if (startedAt !== undefined)
        base.startedAt = startedAt;
    if (options.profile !== undefined)
        base.profile = options.profile;
    const skew = options.skewSeconds ?? DEFAULT_SKEW_SECONDS;
    return {
        maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
        acceptsFrom: startedAt === undefined ? undefined : startedAt + skew + 1,
        bodiless: (method) => options.profile === 'mcp' && (method === 'GET' || method === 'DELETE'),
        bodyLimits() {
            const out = {};
            if (options.bodyBudget !== undefined)
                out.budget = options.bodyBudget;
            if (options.bodyTimeoutMs !== undefined)
                out.signal = AbortSignal.timeout(options.bodyTimeoutMs);
            return out;
        },
        async check(request, body) {
            let verified;
            try {
                verified = await verifyBinding(request, body, { ...base, now: Math.floor(clock() / 1000) });
            }
            catch (err) {
                const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err });
                onReject(e);
                const d = e.detail;
                // A refusal that carried a parseable decision is logged too, as a `refusal` (nothing was
                // executed, so the executed log holds no `execution` for it), without holding up the answer.
                if (log !== undefined && d !== undefined && typeof d.decisionId === 'string') {
                    log.append('refusal', { ...d, code: e.code }).catch(() => { });
                }
                const r = refusal(e);
                // Inside the restart window the refusal says when fresh bindings are accepted again.
                if (!r.ok && e.code === 'ERR_GUARD_BEFORE_START' && startedAt !== undefined)
                    r.retryAfter = Math.max(1, startedAt + skew + 1 - Math.floor(clock() / 1000));
                return r;
            }
            if (log !== undefined) {
                try {
                    // DESIGN invariant 6: the execution record is durable before the tool runs.
                    await log.append('execution', executionRecordFields(verified, request));
                }
                catch (err) {
                    const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'execution log append failed', { cause: err });
                    onReject(e);
                    return refusal(e);
                }
            }
            return { ok: true, verified };
        },
        receipt(verified, status) {
            if (options.receiptSigner === undefined)
                return undefined;
            return signReceipt({ decisionId: verified.decisionId, digest: verified.digest, status, ts: Math.floor(clock() / 1000), aud: options.audience }, options.receiptSigner);
        },
        async recordReceipt(verified, status, receipt) {
            if (log === undefined)
                return;
            const fields = { decisionId: verified.decisionId, digest: verified.digest, status };
            if (receipt !== undefined)
                fields.receipt = receipt;
            try {
                await log.append('receipt', fields);
            }
            catch (err) {
                onReject(err instanceof VerbatimError ? err : new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'receipt record failed', { cause: err }));
            }
        },
    };
}
//# sourceMappingURL=core.js.map