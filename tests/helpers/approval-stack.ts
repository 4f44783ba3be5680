/**
 * @module tests/helpers/approval-stack: the whole chain (tests/helpers/stack.ts) with approvals: an ask
 * rule on shell.exec, a console on its own port, approvers with software passkeys already enrolled,
 * and a guard that requires their approval for shell.exec.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './ports.js'
import { startStack } from './stack.js'
import type { Stack } from './stack.js'
import { ConsoleClient, approver, enrolled, trustOf } from './approvers.js'
import type { Approver } from './approvers.js'

export const ASK_POLICY = (approvers = 1, validSeconds = 900): string => `rules:
  - { id: all, effect: allow, agents: [coder], tools: ["*"] }
  - id: shell-needs-approval
    effect: ask
    agents: [coder]
    tools: [shell.exec]
    approval: { group: oncall, approvers: ${approvers}, validSeconds: ${validSeconds}, reason: "shell commands run on the build host" }
`

export interface ApprovalStack extends Stack {
  origin: string
  approvalsDir: string
  /** The approvers trust file the guard reads (guard.yaml approvals.trustFile). */
  trustFile: string
  alice: Approver
  bob: Approver
  carol: Approver
  console(): ConsoleClient
}

export async function startApprovalStack(o: { holdSeconds?: number; approvers?: number; validSeconds?: number; maxPendingPerAgent?: number; guardRequires?: boolean; webhooks?: Array<{ url: string }> } = {}): Promise<ApprovalStack> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-approvals-'))
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const groups = { oncall: ['alice', 'bob'], security: ['carol'] }
  const [alice, bob, carol] = [approver('alice', -7), approver('bob', -8), approver('carol', -7)]
  const approvalsDir = join(dir, 'approvers')
  await enrolled(approvalsDir, [alice, bob, carol])
  await writeFile(join(dir, 'trust.json'), JSON.stringify(trustOf(origin, groups, [alice, bob, carol])))
  await writeFile(join(dir, 'policy.yaml'), ASK_POLICY(o.approvers, o.validSeconds))
  const stack = await startStack({
    gate: (stackDir) => ({
      policies: [join(dir, 'policy.yaml')],
      // Full arguments, so that audit explain re-proves the policy decision as well as the approval.
      audit: { dir: join(stackDir, 'approved'), arguments: 'full' },
      approvals: {
        console: { listen: { host: '127.0.0.1', port }, origin }, dir: approvalsDir, groups,
        holdSeconds: o.holdSeconds ?? 0, maxPendingPerAgent: o.maxPendingPerAgent ?? 16, webhooks: o.webhooks ?? [],
      },
    }),
    ...(o.guardRequires === false ? {} : { guard: { approvals: { trustFile: join(dir, 'trust.json'), require: [{ tools: ['shell.exec'], group: 'oncall', approvers: o.approvers ?? 1 }] } } }),
  })
  return { ...stack, origin, approvalsDir, trustFile: join(dir, 'trust.json'), alice, bob, carol, console: () => new ConsoleClient(origin) }
}
