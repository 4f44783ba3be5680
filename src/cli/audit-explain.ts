/** @module cli/audit-explain: `verbatim audit explain DECISION_ID`: re-proves a past decision from the approved log alone. */
import { parseArgs } from 'node:util'
import type { AuditFault, AuditRecord } from '../audit/index.js'
import { scanLog, snapshotPaths } from '../audit/index.js'
import type { ExplainResult } from '../auditor/index.js'
import { explainApproval, explainDecision, nextSteps, pickPolicyRecord } from '../auditor/index.js'
import type { ApprovalExplain } from '../auditor/index.js'
import { TRUST_OPTIONS, loadAnchors, pad } from './audit-args.js'
import type { CliIO } from './io.js'
import { loadPolicyParsers } from '../policy/index.js'

export async function auditExplainCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { approved: { type: 'string', multiple: true }, json: { type: 'boolean', default: false }, ...TRUST_OPTIONS },
  })
  const id = positionals[0]
  if (id === undefined || positionals.length > 1) throw new Error('explain needs one DECISION_ID (and --approved GATE_LOG)')
  if (values.approved === undefined) throw new Error('explain needs --approved GATE_LOG: the log that holds the decision')
  const trustedKeys = await loadAnchors(values)
  let decision: AuditRecord | null = null
  let where = ''
  const policies: AuditRecord[] = []
  const approvals: AuditRecord[] = []
  const faults: AuditFault[] = []
  for (const log of await snapshotPaths(values.approved)) {
    const report = await scanLog(log, {
      live: true,
      ...(trustedKeys === undefined ? {} : { trustedKeys }),
      onRecord: (r) => {
        if (r.type === 'approval') approvals.push(r)
        if (r.type === 'policy' && Array.isArray(r['sources'])) policies.push(r)
        else if (r.type === 'decision' && r['decisionId'] === id && decision === null) {
          decision = r
          where = log.label
        }
      },
    })
    faults.push(...report.faults)
  }
  if (decision === null) throw new Error(`no decision ${id} in ${values.approved.join(', ')}`)
  await loadPolicyParsers() // a recorded policy with sql conditions compiles only once PostgreSQL's parser is loaded
  const found: AuditRecord = decision
  const result = explainDecision(found, pickPolicyRecord(found, policies))
  const approval = await explainApproval(found, [...policies, ...approvals])
  const code = faults.length > 0 || result.status === 'not-reproduced' || approval?.status === 'failed' ? 1 : result.status === 'cannot-check' ? 2 : 0
  if (values.json) {
    io.stdout.write(JSON.stringify({ ...result, approval, log: where, integrityFaults: faults }, null, 2) + '\n')
    return code
  }
  io.stdout.write([...render(result, where, faults), ...renderApproval(approval, found)].join('\n') + '\n')
  return code
}

const mark = (b: boolean | null): string => (b === null ? '-' : b ? 'held' : 'not held')

function render(x: ExplainResult, where: string, faults: readonly AuditFault[]): string[] {
  const out: string[] = []
  out.push(`decision ${x.decisionId}  ${new Date(x.ts).toISOString()}  agent ${x.agent ?? '?'}  tool ${x.tool ?? '?'}  (${where} seq ${x.seq})`)
  const rules = x.recorded.ruleIds.length > 0 ? ` by ${x.recorded.ruleIds.join(', ')}` : ''
  out.push(`recorded:    ${x.recorded.verdict}${x.recorded.code === null ? '' : ` ${x.recorded.code}`}${rules}${x.recorded.reason === null ? '' : `: ${x.recorded.reason}`}`)
  if (x.policy !== null) {
    out.push(`policy:      ${x.policy.digest.slice(0, 12)}… from the policy record at seq ${x.policy.seq}; ${x.policy.matches ? 'its text compiles to that digest' : 'its text does NOT compile to that digest'}`)
    for (const f of x.policy.files) out.push(`             ${f.path} (sha256 ${f.sha256.slice(0, 12)}…)`)
  }
  const a = x.arguments
  out.push(`arguments:   ${a.mode === 'full' ? `recorded in full; ${a.digestMatches === true ? 'they hash to the decision\'s digest' : 'they do NOT hash to the decision\'s digest'}` : a.mode === 'redacted' ? (a.redacted.length === 0 ? 'recorded (redacted mode; no redacted value was present in this call)' : `recorded, ${a.redacted.length} value(s) redacted (${a.redacted.join(', ')}): a condition that reads one keeps its recorded outcome`) : 'not recorded (audit.arguments: none)'}`)
  if (x.replay !== null) {
    out.push('', `${pad('rule', 24)}${pad('effect', 8)}${pad('condition', 30)}${pad('recorded', 10)}re-evaluated`)
    for (const c of x.replay.conditions) {
      const cond = c.op === undefined ? '(no conditions)' : c.pointer === undefined ? c.op : `${c.pointer} ${c.op}`
      out.push(`${pad(c.rule, 24)}${pad(c.effect, 8)}${pad(cond, 30)}${pad(mark(c.recorded), 10)}${c.now === null ? 'redacted: as recorded' : mark(c.now)}`)
    }
    if (x.replay.conditions.length === 0) out.push('(no rule covers this agent and tool)')
    const r = x.replay
    out.push('', `re-evaluated: ${r.decision}${r.code === undefined ? '' : ` ${r.code}`}${r.ruleIds.length > 0 ? ` by ${r.ruleIds.join(', ')}` : ''}`)
  }
  if (faults.length > 0) out.push(`integrity:   the approved log has ${faults.length} fault(s): this explanation rests on records that do not verify`)
  if (x.status === 'reproduced' && faults.length === 0) {
    out.push('REPRODUCED: the recorded verdict follows from the recorded arguments under the recorded policy, rule by rule')
  } else if (x.status === 'cannot-check') {
    out.push(`CANNOT CHECK: ${x.why ?? ''}`)
    out.push('next: turn on audit.arguments (redacted or full) so that decisions can be re-proved; policy records carry their text from this version on')
  } else {
    out.push(`FAILED: ${[...x.differences, ...(faults.length > 0 ? [`${faults.length} integrity fault(s)`] : [])].join('; ')}`)
    out.push(...nextSteps(faults.map((f) => f.kind)))
    if (x.differences.length > 0) out.push('next: the decision does not follow from what was recorded: compare the policy files with the recorded text, verify the approved log with --key/--jwks, and check the gate version that decided')
  }
  return out
}

/** Who approved which bytes, each approval re-verified from its record (docs/approvals.md). */
function renderApproval(a: ApprovalExplain | null, d: AuditRecord): string[] {
  if (a === null) return []
  const out = ['']
  if (a.approvalId !== '') out.push(`approval:    ${a.approvalId}${a.askedBy === null ? '' : `, asked by decision ${a.askedBy}`}`)
  for (const v of a.votes) {
    const what = v.ok ? `its passkey's signature verifies over ${v.tool} by ${v.agent} on ${v.audience}, digest ${v.digest}` : `DOES NOT VERIFY: ${v.why ?? ''}`
    out.push(`             ${v.approver} ${v.action === 'approve' ? 'approved' : 'denied'} at ${new Date(v.ts).toISOString()} with passkey ${v.credentialId}: ${what}`)
  }
  if (a.votes.length === 0 && a.approvalId !== '') out.push('             no approver has decided it in this log')
  if (a.status === 'failed') out.push(`FAILED: ${a.problem ?? 'an approval record does not verify'}`)
  else if (d['verdict'] === 'allow' && a.status === 'verified') out.push(`APPROVED: ${a.votes.filter((v) => v.action === 'approve').map((v) => v.approver).join(' and ')} approved exactly these bytes (digest ${String(d['approvalDigest'] ?? d['digest'])}), verified from the log alone`)
  return out
}
