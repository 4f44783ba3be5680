/** @module gate/call/trail: one call's decision record, filled in as the pipeline learns it, and its refusal. */
import { VerbatimError, isVerbatimError } from '../../errors/index.js';
export function startCall(deps, fields) {
    const decisionId = deps.newDecisionId();
    return { decisionId, trail: { decisionId, ...fields }, onDone: [], started: deps.now() };
}
const str = (v) => (typeof v === 'string' ? v : undefined);
/** Releases what the call held, then counts it (metrics) and logs its one line: ids, verdict, code, timings. */
export function finishCall(deps, call, status) {
    for (const f of call.onDone.splice(0))
        f();
    const t = call.trail;
    const verdict = str(t.verdict) ?? 'reject';
    const code = str(t.code) ?? '';
    const total = deps.now() - call.started;
    const overheadMs = Math.max(0, total - (call.upstreamMs ?? 0));
    const rules = Array.isArray(t.ruleIds) ? t.ruleIds : [];
    deps.metrics?.decision(verdict, code, typeof rules[0] === 'string' ? rules[0] : '');
    deps.metrics?.call(overheadMs / 1000, call.upstream, call.upstreamMs === undefined ? undefined : call.upstreamMs / 1000);
    if (deps.callLog === undefined)
        return;
    const line = { decisionId: call.decisionId, verdict, status, overheadMs };
    const agent = str(t.agent);
    const tool = str(t.tool);
    const trace = str(t.traceparent);
    if (agent !== undefined)
        line.agent = agent;
    if (tool !== undefined)
        line.tool = tool;
    if (code !== '')
        line.code = code;
    if (trace !== undefined)
        line.traceparent = trace;
    if (call.upstreamMs !== undefined)
        line.upstreamMs = call.upstreamMs;
    deps.callLog(line);
}
export function gateLog(deps) {
    return deps.log ?? ((l) => process.stderr.write(`${l}\n`));
}
/**
 * Turns any failure into the VerbatimError the client gets, and audits it unless the call was
 * already decided (then its records tell the story). Only our own faults carry a stack trace; a
 * client's (a hang-up, a bad body) is one audited line.
 */
export async function refuse(deps, call, err) {
    const e = isVerbatimError(err) ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err });
    const log = gateLog(deps);
    if (e.code === 'ERR_INTERNAL')
        log(`verbatim gate: internal error on ${call.decisionId}: ${err.stack ?? String(err)}`);
    const shed = e.detail?.['shed'];
    if (shed === 'queue' || shed === 'budget' || shed === 'circuit')
        deps.metrics?.shed(shed);
    const t = call.trail;
    if (t.verdict === undefined) {
        t.verdict = e.code.startsWith('ERR_POLICY_') ? 'deny' : 'reject';
        t.code = e.code;
        t.message ??= e.message.slice(0, 500);
        // Rejections are audited too; an audit failure here cannot make a refusal any safer.
        await deps.audit.append('decision', t).catch((auditErr) => log(`verbatim gate: audit of a rejection failed: ${String(auditErr)}`));
    }
    return e;
}
//# sourceMappingURL=trail.js.map