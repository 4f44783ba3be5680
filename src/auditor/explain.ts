/** @module auditor/explain: re-proves a recorded decision: its arguments, under the policy text recorded with it, rule by rule; pure. */
import { compilePolicy, replayDecision } from '../policy/index.js'
import type { CompiledPolicy, RecordedReason, ReplayResult } from '../policy/index.js'
import { jcs, sha256Hex, touchesRedacted } from '../audit/index.js'
import type { AuditRecord, JsonValue } from '../audit/index.js'

export interface ExplainResult {
  /** reproduced: the verdict follows; not-reproduced: it does not; cannot-check: the log lacks what it takes. */
  status: 'reproduced' | 'not-reproduced' | 'cannot-check'
  decisionId: string
  agent: string | null
  tool: string | null
  ts: number
  seq: number
  recorded: { verdict: string; code: string | null; ruleIds: string[]; reason: string | null }
  /** The policy record used: its seq, digest, files; `matches`: the text compiles to the digest that decided. */
  policy: { seq: number; digest: string; files: { path: string; sha256: string }[]; matches: boolean } | null
  /** How the arguments were recorded; `digestMatches` for full arguments (their RFC 8785 bytes hash to the decision's digest). */
  arguments: { mode: 'full' | 'redacted' | 'none'; redacted: string[]; digestMatches: boolean | null }
  replay: ReplayResult | null
  /** What differs between the record and the replay (empty when reproduced). */
  differences: string[]
  /** For cannot-check: why. */
  why?: string
}

const str = (r: AuditRecord, k: string): string | null => (typeof r[k] === 'string' ? (r[k] as string) : null)

function sourcesOf(p: AuditRecord): { path: string; sha256: string; text: string }[] | null {
  const s = p['sources']
  if (!Array.isArray(s)) return null
  const out: { path: string; sha256: string; text: string }[] = []
  for (const x of s) {
    if (typeof x !== 'object' || x === null || Array.isArray(x) || typeof x['path'] !== 'string' || typeof x['text'] !== 'string') return null
    out.push({ path: x['path'], sha256: typeof x['sha256'] === 'string' ? x['sha256'] : sha256Hex(x['text']), text: x['text'] })
  }
  return out
}

/** The policy records that can explain a decision: ok, with text, the decision's digest. The last before it wins. */
export function pickPolicyRecord(decision: AuditRecord, policies: readonly AuditRecord[]): AuditRecord | null {
  const digest = str(decision, 'policyDigest')
  const fit = policies.filter((p) => p['ok'] === true && p['digest'] === digest && sourcesOf(p) !== null)
  return fit.filter((p) => p.seq < decision.seq).at(-1) ?? fit[0] ?? null
}

function reasonsOf(d: AuditRecord): RecordedReason[] | undefined {
  const r = d['reasons']
  if (!Array.isArray(r)) return undefined
  return r.map((x) => {
    const o = (typeof x === 'object' && x !== null && !Array.isArray(x) ? x : {}) as Record<string, JsonValue>
    const out: RecordedReason = { rule: String(o['rule']), held: o['held'] === true }
    if (typeof o['op'] === 'string') out.op = o['op']
    if (typeof o['pointer'] === 'string') out.pointer = o['pointer']
    if (o['refused'] === true) out.refused = true
    return out
  })
}

/**
 * Evaluates the decision's recorded arguments again under the recorded policy text, and compares
 * the verdict, the code, the deciding rules and every condition's outcome with the record.
 * @example explainDecision(decisionRecord, policyRecord).status // 'reproduced'
 */
export function explainDecision(d: AuditRecord, policyRecord: AuditRecord | null): ExplainResult {
  const args = d['arguments']
  const redacted = Array.isArray(d['redacted']) ? d['redacted'].filter((p): p is string => typeof p === 'string') : []
  const mode = args === undefined ? 'none' : Array.isArray(d['redacted']) ? 'redacted' : 'full'
  const out: ExplainResult = {
    status: 'cannot-check', decisionId: String(d['decisionId']), agent: str(d, 'agent'), tool: str(d, 'tool'), ts: d.ts, seq: d.seq,
    recorded: { verdict: str(d, 'verdict') ?? '(none)', code: str(d, 'code'), ruleIds: Array.isArray(d['ruleIds']) ? d['ruleIds'].map(String) : [], reason: str(d, 'reason') },
    policy: null,
    arguments: { mode, redacted, digestMatches: mode === 'full' ? sha256Hex(jcs(args)) === d['digest'] : null },
    replay: null, differences: [],
  }
  const cannot = (why: string): ExplainResult => Object.assign(out, { why })
  // A call rejected after policy allowed it (an unguarded upstream) still has a policy decision: allow.
  const policyRan = str(d, 'policyDigest') !== null && (out.recorded.verdict !== 'reject' || Array.isArray(d['reasons']))
  // An approved ask call is recorded allow (with its approval); policy's own verdict on it was ask.
  // So was a call refused for want of room for its approval (ERR_APPROVAL_…).
  const approved = (out.recorded.verdict === 'allow' && str(d, 'approvalId') !== null) || (out.recorded.verdict === 'reject' && (out.recorded.code ?? '').startsWith('ERR_APPROVAL_'))
  const expectVerdict = approved ? 'ask' : out.recorded.verdict === 'reject' ? 'allow' : out.recorded.verdict
  const expectCode = expectVerdict === 'allow' || expectVerdict === 'ask' ? null : out.recorded.code
  if (!policyRan) {
    return cannot(`the gate refused this call before policy decided (${out.recorded.code ?? 'no code'}): there is no policy decision to re-prove`)
  }
  if (policyRecord === null) return cannot(`the log holds no policy record with the text of policy ${str(d, 'policyDigest')}: it was written before policy records carried their text`)
  const sources = sourcesOf(policyRecord) as { path: string; sha256: string; text: string }[]
  let policy: CompiledPolicy
  try {
    policy = compilePolicy(sources.map((s) => ({ path: s.path, text: s.text })))
  } catch (e) {
    return cannot(`the recorded policy text does not compile: ${(e as Error).message.split('\n')[0]}`)
  }
  out.policy = { seq: policyRecord.seq, digest: String(policyRecord['digest']), files: sources.map((s) => ({ path: s.path, sha256: s.sha256 })), matches: policy.digest === d['policyDigest'] }
  if (args === undefined) return cannot('the decision record holds no arguments (audit.arguments: none), only their digest')
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return cannot('the recorded arguments are not an object')
  const recorded = reasonsOf(d)
  const replay = replayDecision(policy, { agent: str(d, 'agent') ?? '', tool: str(d, 'tool') ?? '', value: args }, {
    ...(recorded === undefined ? {} : { recorded }),
    redacted: (reads) => reads.some((p) => touchesRedacted(p, redacted)),
  })
  out.replay = replay
  const diff = out.differences
  if (!out.policy.matches) diff.push(`the recorded policy text compiles to digest ${policy.digest.slice(0, 12)}…, not the decision's ${String(d['policyDigest']).slice(0, 12)}…`)
  if (out.arguments.digestMatches === false) diff.push('the recorded arguments do not hash to the decision\'s digest')
  if (replay.decision === 'undetermined') return cannot('a condition reads a redacted value and the record keeps no outcome for it')
  const verdict = replay.decision
  if (verdict !== expectVerdict) diff.push(`verdict: recorded ${expectVerdict}, re-evaluated ${verdict}`)
  if ((replay.code ?? null) !== expectCode) diff.push(`code: recorded ${expectCode ?? '(none)'}, re-evaluated ${replay.code ?? '(none)'}`)
  if ([...replay.ruleIds].sort().join(',') !== [...out.recorded.ruleIds].sort().join(',')) diff.push(`rules: recorded [${out.recorded.ruleIds.join(', ')}], re-evaluated [${replay.ruleIds.join(', ')}]`)
  if (recorded !== undefined && recorded.length !== replay.conditions.length) diff.push(`conditions: the record has ${recorded.length}, the policy ${replay.conditions.length}`)
  for (const c of replay.conditions) {
    if (c.now !== null && c.recorded !== null && c.now !== c.recorded) diff.push(`rule ${c.rule} ${c.pointer ?? ''} ${c.op ?? ''}: recorded ${c.recorded ? 'held' : 'did not hold'}, re-evaluated ${c.now ? 'holds' : 'does not hold'}`)
  }
  out.status = diff.length === 0 ? 'reproduced' : 'not-reproduced'
  return out
}
