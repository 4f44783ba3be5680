/** @module tests/helpers/mcp-approvals: an MCP stack (tests/helpers/mcp-stack.ts) whose tool `{tool}` an ask rule holds, a console, enrolled approvers, and a guard that requires them. */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GuardConfigInput } from '../../src/guard/index.js'
import { ConsoleClient, approver, enrolled, trustOf } from './approvers.js'
import type { Approver } from './approvers.js'
import { freePort, startMcpStack } from './mcp-stack.js'
import type { McpStack } from './mcp-stack.js'

export interface McpApprovalStack extends McpStack {
  origin: string
  alice: Approver
  bob: Approver
  console(): ConsoleClient
}

/** `server`'s tools allowed, and `ask` (a tool name) held for one approver of oncall. */
export async function startMcpApprovalStack(o: { server: string; executor: GuardConfigInput['executor']; ask: string }): Promise<McpApprovalStack> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-mcp-approvals-'))
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const groups = { oncall: ['alice', 'bob'] }
  const [alice, bob] = [approver('alice', -7), approver('bob', -8)]
  await enrolled(join(dir, 'approvers'), [alice, bob])
  await writeFile(join(dir, 'trust.json'), JSON.stringify(trustOf(origin, groups, [alice, bob])))
  const tool = `mcp:${o.server}/tools/call/${o.ask}`
  const policy = `rules:
  - { id: all, effect: allow, agents: [coder], tools: ["mcp:${o.server}/*"] }
  - id: ${o.ask}-needs-approval
    effect: ask
    agents: [coder]
    tools: ["${tool}"]
    approval: { group: oncall, reason: "${o.ask} runs only with a person's approval" }
`
  const s = await startMcpStack({
    server: o.server, executor: o.executor, policy,
    gate: () => ({ approvals: { console: { listen: { host: '127.0.0.1', port }, origin }, dir: join(dir, 'approvers'), groups, holdSeconds: 0 } }),
    guard: { approvals: { trustFile: join(dir, 'trust.json'), require: [{ tools: [tool], group: 'oncall', approvers: 1 }] } },
  })
  return Object.assign(s, { origin, alice, bob, console: () => new ConsoleClient(origin) })
}
