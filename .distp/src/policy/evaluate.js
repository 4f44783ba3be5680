const NONE = [];
/** The rules that cover `tool`, sorted by id. Cost follows the tool name's length, not other tools' rules. */
export function rulesForTool(policy, tool) {
    let lists;
    let only = policy.exact.get(tool) ?? NONE;
    for (const len of policy.prefixLengths) {
        if (len > tool.length)
            break;
        const list = policy.prefixes.get(tool.slice(0, len));
        if (list === undefined)
            continue;
        if (only.length === 0) {
            only = list;
            continue;
        }
        lists ??= [only];
        lists.push(list);
    }
    if (lists === undefined)
        return only;
    // A rule may cover the tool through several patterns: merge, dedupe, keep id order.
    const merged = [...new Set(lists.flat())];
    return merged.sort((a, b) => (a.id < b.id ? -1 : 1));
}
/**
 * Decides one call. Pure: a function of (policy, agent, tool, value) only.
 * @example evaluate(policy, { agent: 'coder', tool: 'fs.read', value: { path: '/workspace/a' } })
 */
export function evaluate(policy, request) {
    const allows = [];
    const denies = [];
    const reasons = [];
    for (const rule of rulesForTool(policy, request.tool)) {
        if (!rule.allAgents && !rule.agents.has(request.agent))
            continue;
        let matched = true;
        if (rule.checks.length === 0) {
            reasons.push({ rule: rule.id, held: true, why: `no conditions: covers every call of ${request.tool} by ${request.agent}` });
        }
        for (const check of rule.checks) {
            const held = check.holds(request.value);
            if (!held)
                matched = false;
            const why = check.why(request.value);
            reasons.push(check.pointer === undefined
                ? { rule: rule.id, op: check.op, held, why }
                : { rule: rule.id, pointer: check.pointer, op: check.op, held, why });
        }
        if (matched)
            (rule.effect === 'deny' ? denies : allows).push(rule.id);
    }
    if (denies.length > 0)
        return { decision: 'deny', code: 'ERR_POLICY_DENIED', ruleIds: denies, reasons, policyDigest: policy.digest };
    if (allows.length > 0)
        return { decision: 'allow', ruleIds: allows, reasons, policyDigest: policy.digest };
    return { decision: 'deny', code: 'ERR_POLICY_NO_MATCH', ruleIds: [], reasons, policyDigest: policy.digest };
}
/**
 * The deny reason safe to show the agent: it names only the denying rule(s) and their conditions,
 * never an allow rule or a rule that did not match.
 */
export function publicReason(d) {
    if (d.decision === 'allow')
        return 'allowed';
    if (d.code === 'ERR_POLICY_NO_MATCH')
        return 'no rule allows this call (default deny)';
    const parts = d.ruleIds.map((id) => {
        const whys = d.reasons.filter((r) => r.rule === id && r.held).map((r) => (r.pointer === undefined ? r.why : `${r.pointer}: ${r.why}`));
        return whys.length === 0 ? `denied by rule ${id}` : `denied by rule ${id} (${whys.join('; ')})`;
    });
    return parts.join('; ');
}
//# sourceMappingURL=evaluate.js.map