/** @module gate/mcp/decide: the third stage of an MCP request: policy, on the message's name and the value it evaluates. */
import { decisionRecordFields } from '../../audit/index.js'
import { VerbatimError } from '../../errors/index.js'
import { methodMatches } from '../../mcp/index.js'
import { evaluate, publicReason } from '../../policy/index.js'
import type { Decision } from '../../policy/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, McpDeps } from '../deps.js'
import type { Admitted } from './admit.js'
import type { McpMessage } from './read.js'

/** The resource URIs a subscriptions/listen asks for updates of (MCP 2026-07-28 basic/patterns/subscriptions). */
function subscribedResources(m: McpMessage): string[] {
  if (m.subject.method !== 'subscriptions/listen') return []
  const filter = m.subject.value['notifications']
  const uris = typeof filter === 'object' && filter !== null && !Array.isArray(filter) ? filter['resourceSubscriptions'] : undefined
  return Array.isArray(uris) ? uris.map((u) => (typeof u === 'string' ? u : JSON.stringify(u))) : []
}

/**
 * tools/call, prompts/get and resources/read are always decided; other methods pass if the
 * server's pass list names them, as do a client's responses and the transport's GET and DELETE.
 * A subscriptions/listen, passed or allowed, subscribes only to resources this agent may read (as
 * resources/list is filtered): the updates of one it may not are not its to follow.
 * Resolves with the digest of the policy in force, and the decision when it asks for a person's approval; a denial throws its ERR_POLICY_ code. A new
 * session needs room before the server is asked for one (never at another agent's expense).
 */
export async function decide(deps: GateDeps, mcp: McpDeps, call: Call, a: Admitted, m: McpMessage): Promise<{ policyDigest: string; ask?: Decision }> {
  const t = call.trail
  const policy = deps.policy()
  const subject = m.subject
  const passes = !subject.named && (a.method !== 'POST' || subject.method === 'response' || a.server.config.pass.some((p) => methodMatches(p, subject.method)))
  let policyDigest = policy.digest
  let ask: Decision | undefined
  if (passes) {
    t.passed = true
  } else {
    // Decide on the value parsed from the canonical bytes (DESIGN invariant 1).
    const d = evaluate(policy, { agent: a.agent, tool: m.tool, value: subject.value })
    policyDigest = d.policyDigest
    Object.assign(t, decisionRecordFields(d, subject.value, deps.auditArguments))
    // An ask runs only once a person approved it (gate/mcp/approval.ts).
    if (d.decision === 'ask') ask = d
    else if (d.decision !== 'allow') throw new VerbatimError(d.code ?? 'ERR_POLICY_NO_MATCH', publicReason(d))
  }
  for (const uri of subscribedResources(m)) {
    const read = evaluate(policy, { agent: a.agent, tool: `mcp:${a.name}/resources/read`, value: { uri } })
    if (read.decision === 'allow') continue
    Object.assign(t, decisionRecordFields(read, { uri }, deps.auditArguments))
    throw new VerbatimError(read.code ?? 'ERR_POLICY_NO_MATCH', `subscriptions/listen asks for the updates of ${uri.slice(0, 200)}, which this agent may not read: ${publicReason(read)}`)
  }
  t.policyDigest = policyDigest
  if (m.rpc?.kind === 'request' && m.rpc.method === 'initialize') await mcp.sessions.admit(a.agent)
  if (m.rpc?.kind === 'request' && m.subject.method === 'subscriptions/listen') {
    const release = mcp.listens.open(a.agent)
    a.undo.push(release)
    a.held.push(release)
  }
  return ask === undefined ? { policyDigest } : { policyDigest, ask }
}
