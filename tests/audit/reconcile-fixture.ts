/** @module tests/audit/reconcile-fixture: a gate log and a guard log that hold every reconcile class. */
import { join } from 'node:path'
import { openAuditWriter } from '../../src/audit/index.js'
import { newSigner, tempDir } from './helpers.js'

export const T0 = Date.UTC(2026, 0, 1) // ms
export const NOW = T0 + 10_000_000 // the auditor's clock
const S = T0 / 1000 // unix seconds

const dig = (c: string): string => c.repeat(64)

export interface ReconcilePair {
  gateDir: string
  guardDir: string
}

export async function makeReconcilePair(): Promise<ReconcilePair> {
  const root = tempDir()
  const gateDir = join(root, 'gate')
  const guardDir = join(root, 'guard')
  let clock = T0
  const now = (): number => clock
  const gate = await openAuditWriter({ dir: gateDir, process: 'gate', signer: newSigner('audit-gate'), now, startFields: { keys: [{ kid: 'gate-k1', x: 'AAAA' }] } })
  const decide = (decisionId: string, verdict: string, digest: string, expires: number, code?: string): Promise<unknown> =>
    gate.append('decision', {
      decisionId, agent: 'agent-1', tool: 'fs.read', method: 'POST', target: '/v1/tools/fs.read', policyDigest: dig('p'),
      ruleIds: ['r1'], verdict, ...(code === undefined ? {} : { code }), digest, keyid: 'gate-k1', nonce: `n-${decisionId}`,
      created: S, expires, audience: 'exec-1',
    })
  await decide('d-ok', 'allow', dig('a'), S + 300)
  await decide('d-missing', 'allow', dig('b'), S + 300)
  await decide('d-deny', 'deny', dig('c'), S + 300, 'ERR_POLICY_DENIED')
  await decide('d-mismatch', 'allow', dig('d'), S + 300)
  await decide('d-replay', 'allow', dig('e'), S + 300)
  await decide('d-late', 'allow', dig('f'), S + 60)
  await decide('d-badkey', 'allow', dig('1'), S + 300)
  await decide('d-pending', 'allow', dig('2'), NOW / 1000 + 30)
  await gate.close()

  const guard = await openAuditWriter({ dir: guardDir, process: 'guard', signer: newSigner('audit-guard'), now })
  // status 'rejected' is written as the guard writes a refused binding: a `refusal` record.
  const exec = (decisionId: string, digest: string, at: number, status = 'accepted', keyid = 'gate-k1'): Promise<unknown> => {
    clock = at
    const fields = { decisionId, agent: 'agent-1', tool: 'fs.read', digest, keyid, nonce: `n-${decisionId}`, created: S, expires: S + 300 }
    return status === 'rejected' ? guard.append('refusal', { ...fields, code: 'ERR_GUARD_REPLAY' }) : guard.append('execution', { ...fields, status })
  }
  await exec('d-ok', dig('a'), T0 + 1000)
  await exec('d-deny', dig('c'), T0 + 1000)
  await exec('d-mismatch', dig('9'), T0 + 1000)
  await exec('d-replay', dig('e'), T0 + 1000)
  await exec('d-replay', dig('e'), T0 + 2000)
  await exec('d-late', dig('f'), T0 + 200_000)
  await exec('d-badkey', dig('1'), T0 + 1000, 'accepted', 'evil-k9')
  await exec('d-nowhere', dig('3'), T0 + 1000)
  await exec('d-pending', dig('2'), T0 + 1000, 'rejected')
  await guard.close()
  return { gateDir, guardDir }
}
