import { BOUND_FIELDS, RECONCILE_CLASSES } from './reconcile-types.js';
export { BOUND_FIELDS, RECONCILE_CLASSES } from './reconcile-types.js';
/** The tool of the gate's guard probes (src/gate/probe.ts PROBE_TOOL); their decision ids start with `probe-`. */
export const PROBE_TOOL = 'verbatim.probe';
export function isProbe(r) {
    return r['tool'] === PROBE_TOOL && typeof r['decisionId'] === 'string' && r['decisionId'].startsWith('probe-');
}
/** An executor's answer that is not a success. */
export function executorFailed(status) {
    return !(status >= 200 && status < 400);
}
const str = (r, k) => (typeof r[k] === 'string' ? r[k] : undefined);
const num = (r, k) => (typeof r[k] === 'number' ? r[k] : undefined);
/**
 * Feed every approved record first, then every executed one (`approved`, `executed`), then `finish`.
 * Memory holds one compact entry per decision; each execution is classified as it is read.
 * @example
 * const r = new Reconciler({ graceMs: 60_000, now: Date.now() })
 * for (const rec of gateRecords) r.approved(rec, 'logs/gate')
 * for (const rec of guardRecords) r.executed(rec, 'logs/guard')
 * const { counts, items } = r.finish()
 */
export class Reconciler {
    #opts;
    #decisions = new Map();
    #kids = new Set();
    #interned = new Map();
    #counts = Object.fromEntries(RECONCILE_CLASSES.map((c) => [c, 0]));
    #items = [];
    /** Kept items with an execution, by log and decision id, for their receipts. */
    #byExec = new Map();
    #refusals = {};
    #rejectedByGuard = 0;
    #probes = 0;
    constructor(opts) {
        this.#opts = opts;
    }
    #in(s) {
        if (s === undefined)
            return undefined;
        const have = this.#interned.get(s);
        if (have !== undefined)
            return have;
        if (this.#interned.size < 100_000)
            this.#interned.set(s, s);
        return s;
    }
    #pass(v) {
        return this.#opts.filter === undefined || this.#opts.filter(v);
    }
    /** A record of an approved (gate) log. */
    approved(r, log) {
        if (r.type === 'start' && Array.isArray(r['keys'])) {
            for (const k of r['keys'])
                if (typeof k === 'object' && k !== null && !Array.isArray(k) && typeof k['kid'] === 'string')
                    this.#kids.add(k['kid']);
            return;
        }
        if (r.type !== 'decision')
            return;
        const id = str(r, 'decisionId');
        if (id === undefined || this.#decisions.has(id))
            return;
        const keyid = str(r, 'keyid');
        if (keyid !== undefined)
            this.#kids.add(keyid);
        const e = { log: this.#in(log), seq: r.seq, ts: r.ts, decisionId: id, verdict: str(r, 'verdict') ?? '(none)', ran: 0 };
        for (const k of ['code', 'digest', 'agent', 'tool', 'audience', 'method', 'target', 'policyDigest', 'keyid', 'nonce']) {
            const v = str(r, k);
            if (v !== undefined)
                e[k] = k === 'digest' || k === 'nonce' ? v : this.#in(v);
        }
        const expires = num(r, 'expires');
        if (expires !== undefined)
            e.expires = expires;
        this.#decisions.set(id, e);
    }
    #add(cls, d, x, message, extra = {}) {
        this.#counts[cls]++;
        if (cls === 'ok' && this.#opts.keepOk === false)
            return;
        const item = { class: cls, decisionId: d?.decisionId ?? (x === null ? null : (str(x.record, 'decisionId') ?? null)), approved: d === undefined ? null : ref(d), executed: x, message, ...extra };
        this.#items.push(item);
        if (x !== null && item.decisionId !== null)
            this.#byExec.set(`${x.log}\0${item.decisionId}`, item);
    }
    /** A record of an executed (guard) log; every approved record must have been fed before. */
    executed(r, log) {
        if (r.type === 'receipt')
            return this.#receipt(r, log);
        if (r.type === 'refusal' || (r.type === 'execution' && str(r, 'status') !== 'accepted'))
            return this.#refusal(r);
        if (r.type !== 'execution')
            return;
        const id = str(r, 'decisionId');
        const d = id === undefined ? undefined : this.#decisions.get(id);
        const x = { log, seq: r.seq, ts: r.ts, record: r };
        const first = d !== undefined && d.ran === 0;
        if (d !== undefined)
            d.ran++;
        if (!this.#pass({ decisionId: id ?? null, agent: str(r, 'agent'), tool: str(r, 'tool'), ts: r.ts, verdict: d?.verdict, code: d?.code }))
            return;
        const keyid = str(r, 'keyid');
        const trusted = this.#opts.trustedKeyIds;
        if (keyid === undefined || !this.#kids.has(keyid) || (trusted !== undefined && !trusted.has(keyid))) {
            const where = keyid !== undefined && this.#kids.has(keyid) ? 'which is not among the trusted keys (--key/--jwks)' : 'which the gate log never shows';
            return this.#add('unknown-key', d, x, `executed under keyid ${keyid ?? '(none)'}, ${where}`);
        }
        if (d === undefined) {
            const probe = isProbe(r) ? ' (a gate probe: the guard accepted a request it must refuse)' : '';
            return this.#add('executed-without-approval', d, x, `no decision ${id ?? '(no id)'} in the approved log${probe}`);
        }
        if (d.verdict !== 'allow')
            return this.#add('executed-after-deny', d, x, `the gate's verdict was ${d.verdict} (${d.code ?? ''})`);
        const mismatched = compare(d, r);
        if (mismatched.length > 0) {
            const m0 = mismatched[0];
            const cls = m0.field === 'digest' ? 'digest-mismatch' : BOUND_FIELDS.find(([f]) => f === m0.field)[1];
            const text = mismatched.map((m) => `${m.field}: approved ${show(m.approved)}, executed ${show(m.executed)}`).join('; ');
            return this.#add(cls, d, x, text, { mismatched });
        }
        if (!first)
            return this.#add('replayed', d, x, `decision ${d.decisionId} executed more than once`);
        if (r.ts > (d.expires ?? Infinity) * 1000 + this.#opts.graceMs) {
            return this.#add('executed-after-expiry', d, x, `executed at ${iso(r.ts)}, after expiry ${iso((d.expires ?? 0) * 1000)} + grace`);
        }
        d.okLog = log;
        d.okExec = x;
        this.#add('ok', d, x, 'executed exactly as approved');
    }
    #refusal(r) {
        if (!this.#pass({ decisionId: str(r, 'decisionId') ?? null, agent: str(r, 'agent'), tool: str(r, 'tool'), ts: r.ts, code: str(r, 'code') }))
            return;
        if (isProbe(r)) {
            this.#probes++;
            return;
        }
        this.#rejectedByGuard++;
        const code = str(r, 'code') ?? '(no code)';
        this.#refusals[code] = (this.#refusals[code] ?? 0) + 1;
    }
    #receipt(r, log) {
        const id = str(r, 'decisionId');
        const status = num(r, 'status');
        if (id === undefined || status === undefined)
            return;
        const item = this.#byExec.get(`${log}\0${id}`);
        if (item !== undefined && item.executorStatus === undefined)
            item.executorStatus = status;
        const d = this.#decisions.get(id);
        if (d !== undefined && d.okLog === log && d.okStatus === undefined)
            d.okStatus = status;
    }
    finish() {
        const { now, graceMs } = this.#opts;
        let pending = 0;
        let denied = 0;
        const executor = { succeeded: 0, failed: 0, noReceipt: 0 };
        const failedCalls = [];
        for (const d of this.#decisions.values()) {
            if (d.okExec !== undefined) {
                const item = this.#byExec.get(`${d.okLog}\0${d.decisionId}`);
                if (item !== undefined)
                    item.executorStatus = d.okStatus ?? null;
                if (d.okStatus === undefined)
                    executor.noReceipt++;
                else if (!executorFailed(d.okStatus))
                    executor.succeeded++;
                else {
                    executor.failed++;
                    failedCalls.push({ class: 'ok', decisionId: d.decisionId, approved: ref(d), executed: d.okExec, executorStatus: d.okStatus, message: `accepted, exactly as approved; the executor answered ${d.okStatus}` });
                }
            }
            if (d.ran > 0 || !this.#pass({ decisionId: d.decisionId, agent: d.agent, tool: d.tool, ts: d.ts, verdict: d.verdict, code: d.code }))
                continue;
            if (d.verdict !== 'allow') {
                denied++;
                continue;
            }
            const expiresMs = (d.expires ?? 0) * 1000;
            if (now <= expiresMs + graceMs)
                pending++;
            else
                this.#add('approved-not-executed', d, null, `approved at ${iso(d.ts)}, expired ${iso(expiresMs)}, never executed`);
        }
        const violations = RECONCILE_CLASSES.reduce((n, c) => (c === 'ok' ? n : n + this.#counts[c]), 0);
        return { counts: this.#counts, items: this.#items, pending, denied, rejectedByGuard: this.#rejectedByGuard, probes: this.#probes, refusals: this.#refusals, executor, failedCalls, violations };
    }
}
/** The bound fields that differ, the digest first. An absent field differs from a present one. */
function compare(d, r) {
    const out = [];
    const de = d.digest ?? null;
    const ex = str(r, 'digest') ?? null;
    if (de !== ex)
        out.push({ field: 'digest', approved: de, executed: ex });
    for (const [f] of BOUND_FIELDS) {
        const a = d[f] ?? null;
        const b = str(r, f) ?? null;
        if (a !== b)
            out.push({ field: f, approved: a, executed: b });
    }
    return out;
}
function ref(d) {
    const { ran: _r, okLog: _l, okExec: _x, okStatus: _s, ...rest } = d;
    return rest;
}
function show(v) {
    if (v === null)
        return '(absent)';
    return /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : v;
}
function iso(ms) {
    return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
/**
 * Classifies every (decision, execution) pair; the arrays' convenience form of `Reconciler`.
 * @example
 * const { counts, items } = reconcile(gateRecords, guardRecords, { graceMs: 60_000, now: Date.now() })
 */
export function reconcile(approved, executed, opts) {
    const r = new Reconciler(opts);
    for (const a of approved)
        r.approved(a, 'approved');
    for (const e of executed)
        r.executed(e, 'executed');
    return r.finish();
}
//# sourceMappingURL=reconcile.js.map