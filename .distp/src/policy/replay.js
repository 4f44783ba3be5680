import { rulesForTool } from './evaluate.js';
/**
 * Evaluates `request` under `policy` exactly as `evaluate` does, and lines each condition up with
 * the recorded one at the same place. A condition that reads a redacted value cannot be evaluated
 * again: its recorded outcome stands in, and the result says so per condition.
 * @example replayDecision(policy, { agent, tool, value }, { recorded: record.reasons, redacted: (reads) => reads.includes('/token') })
 */
export function replayDecision(policy, request, o = {}) {
    const conditions = [];
    const allows = [];
    const denies = [];
    let unknown = false;
    let k = 0;
    const recordedAt = (rule, op) => {
        const r = o.recorded?.[k++];
        return r !== undefined && r.rule === rule && r.op === op ? r.held : null;
    };
    for (const rule of rulesForTool(policy, request.tool)) {
        if (!rule.allAgents && !rule.agents.has(request.agent))
            continue;
        let matched = true;
        if (rule.checks.length === 0)
            conditions.push({ rule: rule.id, effect: rule.effect, recorded: recordedAt(rule.id, undefined), now: true });
        for (const check of rule.checks) {
            const recorded = recordedAt(rule.id, check.op);
            const hidden = o.redacted?.(check.reads) === true;
            const now = hidden ? null : check.holds(request.value);
            const c = { rule: rule.id, effect: rule.effect, op: check.op, recorded, now };
            if (check.pointer !== undefined)
                c.pointer = check.pointer;
            conditions.push(c);
            const used = now ?? recorded;
            if (used === null)
                matched = matched === false ? false : null;
            else if (!used)
                matched = false;
        }
        if (matched === null)
            unknown = true;
        else if (matched)
            (rule.effect === 'deny' ? denies : allows).push(rule.id);
    }
    if (unknown)
        return { decision: 'undetermined', ruleIds: [], conditions };
    if (denies.length > 0)
        return { decision: 'deny', code: 'ERR_POLICY_DENIED', ruleIds: denies, conditions };
    if (allows.length > 0)
        return { decision: 'allow', ruleIds: allows, conditions };
    return { decision: 'deny', code: 'ERR_POLICY_NO_MATCH', ruleIds: [], conditions };
}
//# sourceMappingURL=replay.js.map