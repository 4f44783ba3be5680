/** @module tests/auditor/reconcile-fixture: a gate log and a guard log that hold every reconcile class once, receipts, forwards and a probe. */
import { join } from 'node:path'
import { openAuditWriter } from '../../src/audit/index.js'
import { BOUND_FIELDS } from '../../src/auditor/index.js'
import type { AuditSigner, JsonValue } from '../../src/audit/index.js'
import { newSigner, tempDir } from '../audit/helpers.js'

export const T0 = Date.UTC(2026, 0, 1) // ms
export const NOW = T0 + 10_000_000 // the auditor's clock (only the filters read it)
const S = T0 / 1000 // unix seconds

const dig = (c: string): string => c.repeat(64)

export interface ReconcilePair {
  gateDir: string
  guardDir: string
  gateSigner: AuditSigner
  guardSigner: AuditSigner
}

/** What a field of an execution is changed to, for the decision `d-<field>`. */
const CHANGED: Record<string, string> = {
  tool: 'fs.write', agent: 'agent-9', audience: 'exec-2', method: 'PUT', target: '/v1/tools/fs.write', policyDigest: dig('q'), keyid: 'gate-k2', nonce: 'n-other',
}

export async function makeReconcilePair(): Promise<ReconcilePair> {
  const root = tempDir()
  const gateDir = join(root, 'gate')
  const guardDir = join(root, 'guard')
  const gateSigner = newSigner('audit-gate')
  const guardSigner = newSigner('audit-guard')
  let clock = T0
  const now = (): number => clock
  const gate = await openAuditWriter({ dir: gateDir, process: 'gate', signer: gateSigner, now, startFields: { keys: [{ kid: 'gate-k1', x: 'AAAA' }, { kid: 'gate-k2', x: 'BBBB' }], policyDigest: dig('p') } })
  const decide = (decisionId: string, verdict: string, digest: string, expires: number, o: { code?: string; agent?: string; tool?: string } = {}): Promise<unknown> => {
    const tool = o.tool ?? 'fs.read'
    return gate.append('decision', {
      decisionId, agent: o.agent ?? 'agent-1', tool, method: 'POST', target: `/v1/tools/${tool}`, policyDigest: dig('p'),
      ruleIds: ['r1'], verdict, ...(o.code === undefined ? {} : { code: o.code }), digest, keyid: 'gate-k1', nonce: `n-${decisionId}`,
      created: S, expires, audience: 'exec-1',
    })
  }
  await decide('d-ok', 'allow', dig('a'), S + 300)
  await decide('d-missing', 'allow', dig('b'), S + 300)
  await decide('d-deny', 'deny', dig('c'), S + 300, { code: 'ERR_POLICY_DENIED' })
  await decide('d-mismatch', 'allow', dig('d'), S + 300)
  await decide('d-replay', 'allow', dig('e'), S + 300)
  await decide('d-late', 'allow', dig('f'), S + 60)
  await decide('d-badkey', 'allow', dig('1'), S + 300)
  await decide('d-refused', 'allow', dig('2'), S + 300)
  await decide('d-undelivered', 'allow', dig('0'), S + 300)
  for (const [f] of BOUND_FIELDS) await decide(`d-${f}`, 'allow', dig('5'), S + 300)
  await decide('d-failed', 'allow', dig('6'), S + 300)
  await decide('d-noreceipt', 'allow', dig('7'), S + 300)
  await decide('d-other', 'allow', dig('8'), S + 300, { agent: 'agent-2', tool: 'http.fetch' })
  await decide('d-denied-only', 'deny', dig('4'), S + 300, { code: 'ERR_POLICY_NO_MATCH', agent: 'agent-2' })
  // What the gate recorded of each forwarded call's end: an answer, a guard's refusal, or its own failure.
  const forward = (decisionId: string, f: Record<string, JsonValue>): Promise<unknown> => gate.append('forward', { decisionId, latencyMs: 2, ...f })
  await forward('d-ok', { status: 200, receipt: 'r' })
  await forward('d-missing', { status: 200 })
  await forward('d-refused', { status: 503, refusedByGuard: true })
  await forward('d-undelivered', { status: 0, code: 'ERR_GATE_UPSTREAM_UNAVAILABLE' })
  await forward('d-failed', { status: 500, receipt: 'r' })
  await gate.close()

  const guard = await openAuditWriter({ dir: guardDir, process: 'guard', signer: guardSigner, now, startFields: { audience: 'exec-1' } })
  const exec = (decisionId: string, digest: string, at: number, o: { refused?: string; change?: Record<string, JsonValue>; tool?: string; agent?: string } = {}): Promise<unknown> => {
    clock = at
    const tool = o.tool ?? 'fs.read'
    const fields = {
      decisionId, agent: o.agent ?? 'agent-1', tool, audience: 'exec-1', method: 'POST', target: `/v1/tools/${tool}`, policyDigest: dig('p'),
      digest, keyid: 'gate-k1', nonce: `n-${decisionId}`, created: S, expires: S + 300, ...o.change,
    }
    return o.refused !== undefined ? guard.append('refusal', { ...fields, code: o.refused }) : guard.append('execution', { ...fields, status: 'accepted' })
  }
  const receipt = (decisionId: string, digest: string, status: number): Promise<unknown> => guard.append('receipt', { decisionId, digest, status, receipt: 'r' })
  // The gate's probe at start: a guard refuses it, and says so in its log.
  await guard.append('refusal', { decisionId: 'probe-abc', agent: 'verbatim-probe', tool: 'verbatim.probe', digest: dig('0'), keyid: 'gate-k1', nonce: 'np', created: S, expires: S + 30, code: 'ERR_GUARD_DIGEST_MISMATCH' })
  await exec('d-ok', dig('a'), T0 + 1000)
  await receipt('d-ok', dig('a'), 200)
  await exec('d-deny', dig('c'), T0 + 1000)
  await exec('d-mismatch', dig('9'), T0 + 1000)
  await exec('d-replay', dig('e'), T0 + 1000)
  await receipt('d-replay', dig('e'), 200)
  await exec('d-replay', dig('e'), T0 + 2000)
  await exec('d-late', dig('f'), T0 + 200_000)
  await receipt('d-late', dig('f'), 200)
  await exec('d-badkey', dig('1'), T0 + 1000, { change: { keyid: 'evil-k9' } })
  await exec('d-nowhere', dig('3'), T0 + 1000)
  await exec('d-refused', dig('2'), T0 + 1000, { refused: 'ERR_GUARD_BEFORE_START' })
  for (const [f] of BOUND_FIELDS) await exec(`d-${f}`, dig('5'), T0 + 1000, { change: { [f]: CHANGED[f] as string } })
  await exec('d-failed', dig('6'), T0 + 1000)
  await receipt('d-failed', dig('6'), 500)
  // Accepted, and then nothing: no receipt, and the gate stopped before it recorded an answer.
  await exec('d-noreceipt', dig('7'), T0 + 1000)
  await exec('d-other', dig('8'), T0 + 5000, { agent: 'agent-2', tool: 'http.fetch' })
  await receipt('d-other', dig('8'), 200)
  await guard.close()
  return { gateDir, guardDir, gateSigner, guardSigner }
}
