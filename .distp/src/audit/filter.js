const FIELDS = ['agent', 'tool', 'verdict', 'code', 'decision'];
/** True when the filter looks at anything besides time. */
export function filtersFields(f) {
    return FIELDS.some((k) => f[k] !== undefined);
}
function toolMatches(patterns, tool) {
    if (tool === undefined)
        return false;
    return patterns.some((p) => (p.endsWith('*') ? tool.startsWith(p.slice(0, -1)) : p === tool));
}
const within = (list, v) => list === undefined || (v != null && list.includes(v));
/** Whether a call (a pair, or one record with what its decision adds) passes every given filter. */
export function matchView(f, v) {
    if (f.since !== undefined && v.ts < f.since)
        return false;
    if (f.until !== undefined && v.ts >= f.until)
        return false;
    if (f.tool !== undefined && !toolMatches(f.tool, v.tool))
        return false;
    return within(f.agent, v.agent) && within(f.verdict, v.verdict) && within(f.code, v.code) && within(f.decision, v.decisionId);
}
const s = (r, k) => (typeof r[k] === 'string' ? r[k] : undefined);
/**
 * Filters records. A record that does not carry a field (a `forward` has no agent, an `execution` no
 * verdict) takes it from the other records of its decision: feed every record to `learn` first
 * (only needed when `filtersFields`), then ask `matches`. Records of no decision (start, checkpoint)
 * pass only a filter on time alone.
 */
export class RecordFilter {
    #f;
    #facts = new Map();
    needsLearning;
    constructor(f) {
        this.#f = f;
        this.needsLearning = filtersFields(f);
    }
    learn(r) {
        const id = s(r, 'decisionId');
        if (id === undefined || (r.type !== 'decision' && r.type !== 'execution' && r.type !== 'refusal'))
            return;
        const have = this.#facts.get(id) ?? {};
        have.agent ??= s(r, 'agent');
        have.tool ??= s(r, 'tool');
        if (r.type === 'decision')
            have.verdict ??= s(r, 'verdict');
        have.code ??= s(r, 'code');
        this.#facts.set(id, have);
    }
    matches(r) {
        const id = s(r, 'decisionId');
        if (id === undefined)
            return !this.needsLearning && matchView(this.#f, { decisionId: null, ts: r.ts });
        const known = this.#facts.get(id);
        return matchView(this.#f, {
            decisionId: id,
            ts: r.ts,
            agent: s(r, 'agent') ?? known?.agent,
            tool: s(r, 'tool') ?? known?.tool,
            verdict: s(r, 'verdict') ?? known?.verdict,
            code: s(r, 'code') ?? known?.code,
        });
    }
}
//# sourceMappingURL=filter.js.map