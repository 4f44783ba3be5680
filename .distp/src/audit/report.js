import { RecordFilter } from './filter.js';
import { RECONCILE_CLASSES } from './reconcile-types.js';
const VERDICTS = ['allow', 'deny', 'reject'];
/** Bucket widths a timeline may use; the narrowest that fits the span in MAX_BUCKETS is chosen. */
const WIDTHS = [60_000, 300_000, 900_000, 3_600_000, 6 * 3_600_000, 86_400_000, 7 * 86_400_000];
const MAX_BUCKETS = 60;
/** Minute counts kept per agent before they fold into hours (a long log stays small). */
const MAX_CELLS = 50_000;
const zero = () => ({ allow: 0, deny: 0, reject: 0 });
/** Counts decisions as the gate log is read: per verdict, per agent over time, and what was denied. */
export class DecisionStats {
    #filter;
    totals = zero();
    #agents = new Map();
    #res = 60_000;
    #cells = 0;
    #min = Infinity;
    #max = -Infinity;
    deniedTools = new Map();
    deniedRules = new Map();
    rejectCodes = new Map();
    constructor(filter) {
        this.#filter = new RecordFilter(filter);
    }
    add(r) {
        if (r.type !== 'decision')
            return;
        this.#filter.learn(r);
        if (!this.#filter.matches(r))
            return;
        const v = r['verdict'];
        if (v !== 'allow' && v !== 'deny' && v !== 'reject')
            return;
        this.totals[v]++;
        const agent = typeof r['agent'] === 'string' ? r['agent'] : '(unauthenticated)';
        const a = this.#agents.get(agent) ?? { counts: zero(), cells: new Map() };
        this.#agents.set(agent, a);
        a.counts[v]++;
        const cell = Math.floor(r.ts / this.#res);
        let c = a.cells.get(cell);
        if (c === undefined) {
            c = zero();
            a.cells.set(cell, c);
            if (++this.#cells > MAX_CELLS)
                this.#coarsen();
        }
        c[v]++;
        this.#min = Math.min(this.#min, r.ts);
        this.#max = Math.max(this.#max, r.ts);
        const tool = typeof r['tool'] === 'string' ? r['tool'] : '(none)';
        if (v === 'deny') {
            bump(this.deniedTools, tool);
            const rules = Array.isArray(r['ruleIds']) ? r['ruleIds'].map(String) : [];
            if (rules.length === 0)
                bump(this.deniedRules, '(default deny)');
            for (const id of rules)
                bump(this.deniedRules, id);
        }
        if (v === 'reject')
            bump(this.rejectCodes, typeof r['code'] === 'string' ? r['code'] : '(no code)');
    }
    #coarsen() {
        const next = WIDTHS.find((w) => w > this.#res) ?? this.#res * 2;
        this.#cells = 0;
        for (const a of this.#agents.values()) {
            const cells = new Map();
            for (const [k, c] of a.cells) {
                const nk = Math.floor((k * this.#res) / next);
                const have = cells.get(nk) ?? zero();
                for (const v of VERDICTS)
                    have[v] += c[v];
                cells.set(nk, have);
            }
            a.cells = cells;
            this.#cells += cells.size;
        }
        this.#res = next;
    }
    /** The timeline: the narrowest width that fits the span, and per agent a count per bucket and verdict. */
    timeline() {
        if (this.#min === Infinity)
            return { startMs: 0, widthMs: WIDTHS[0], buckets: 0, agents: [] };
        const span = this.#max - this.#min + 1;
        const widthMs = WIDTHS.find((w) => w >= this.#res && span / w <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS / this.#res) * this.#res;
        const startMs = Math.floor(this.#min / widthMs) * widthMs;
        const buckets = Math.floor((this.#max - startMs) / widthMs) + 1;
        const agents = [...this.#agents.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([agent, a]) => {
            const series = Array.from({ length: buckets }, zero);
            for (const [k, c] of a.cells) {
                const b = series[Math.floor((k * this.#res - startMs) / widthMs)];
                for (const v of VERDICTS)
                    b[v] += c[v];
            }
            return { agent, ...a.counts, calls: a.counts.allow + a.counts.deny + a.counts.reject, series };
        });
        return { startMs, widthMs, buckets, agents };
    }
}
function bump(m, k) {
    m.set(k, (m.get(k) ?? 0) + 1);
}
const top = (m, n = 10) => [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([name, count]) => ({ name, count }));
/** The report from one reconcile run and the decision statistics gathered in the same pass. */
export function buildReport(run, stats, o) {
    const r = run.result;
    const t = stats.totals;
    const total = t.allow + t.deny + t.reject;
    const rate = (n) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);
    const faults = run.integrity.reduce((n, i) => n + i.report.faults.length, 0);
    const bad = r.items.filter((i) => i.class !== 'ok');
    const max = o.maxOffending ?? 500;
    return {
        ok: r.violations === 0 && faults === 0,
        now: o.now, graceMs: o.graceMs, trusted: o.trusted, filter: o.filter,
        calls: { total, ...t, rates: { allow: rate(t.allow), deny: rate(t.deny), reject: rate(t.reject) } },
        timeline: stats.timeline(),
        logs: run.integrity.map((i) => ({
            role: i.role, log: i.log, process: i.process, records: i.report.records, checkpoints: i.report.checkpoints, unsignedTail: i.report.unsignedTail,
            lastCheckpoint: i.report.lastCheckpoint, signatures: i.report.faults.length === 0 ? 'ok' : 'faults', faults: i.report.faults, notes: i.report.notes,
        })),
        classes: Object.fromEntries(RECONCILE_CLASSES.map((c) => [c, r.counts[c]])),
        violations: r.violations,
        offending: bad.slice(0, max),
        offendingOmitted: Math.max(0, bad.length - max),
        executor: r.executor,
        failedCalls: r.failedCalls.slice(0, max),
        refusedByGuard: r.rejectedByGuard,
        refusals: r.refusals,
        probes: r.probes,
        pending: r.pending,
        deniedNotRun: r.denied,
        topDeniedTools: top(stats.deniedTools),
        topDeniedRules: top(stats.deniedRules),
        rejectCodes: top(stats.rejectCodes),
    };
}
//# sourceMappingURL=report.js.map