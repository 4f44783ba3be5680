/** @module policy/reachable: could this agent ever be allowed this tool, whatever the arguments? (pure) */
import type { CompiledPolicy } from './compile.js'
import { rulesForTool } from './evaluate.js'

/**
 * True unless no call of `tool` by `agent` can ever be allowed: some allow or ask rule covers the pair, and
 * no deny rule covers it without conditions. Conditions on arguments are not evaluated (the
 * arguments are not known), so true means "may be allowed", false means "never allowed". Used to
 * filter lists (MCP tools/list, prompts/list) down to what an agent could call.
 */
export function couldAllow(policy: CompiledPolicy, agent: string, tool: string): boolean {
  let allow = false
  for (const rule of rulesForTool(policy, tool)) {
    if (!rule.allAgents && !rule.agents.has(agent)) continue
    if (rule.effect === 'deny' && rule.checks.length === 0) return false
    // An ask rule may allow too, once a person approves.
    if (rule.effect === 'allow' || rule.effect === 'ask') allow = true
  }
  return allow
}
