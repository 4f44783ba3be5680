import { rulesForTool } from './evaluate.js';
/**
 * True unless no call of `tool` by `agent` can ever be allowed: some allow rule covers the pair, and
 * no deny rule covers it without conditions. Conditions on arguments are not evaluated (the
 * arguments are not known), so true means "may be allowed", false means "never allowed". Used to
 * filter lists (MCP tools/list, prompts/list) down to what an agent could call.
 */
export function couldAllow(policy, agent, tool) {
    let allow = false;
    for (const rule of rulesForTool(policy, tool)) {
        if (!rule.allAgents && !rule.agents.has(agent))
            continue;
        if (rule.effect === 'deny' && rule.checks.length === 0)
            return false;
        if (rule.effect === 'allow')
            allow = true;
    }
    return allow;
}
//# sourceMappingURL=reachable.js.map