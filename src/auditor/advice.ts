/** @module auditor/advice: the verdict of a reconcile, its exit status, and what to do next for every fault kind and class it can name. */
import type { ReconcileClass, ReconcileResult } from './reconcile-types.js'
import { CLASS_LEVEL } from './reconcile-types.js'
import type { AuditFaultKind } from '../audit/index.js'

export const FAULT_ADVICE: Record<AuditFaultKind, string> = {
  'malformed': 'a line is not an audit record: compare the file with a copy kept elsewhere (backup, log shipper) and treat the log as tampered until explained',
  'modified': 'a record was edited after it was written: take the copy shipped off the host and compare the named line; the edited record cannot be trusted',
  'deleted': 'records are missing: restore the named seq range from the archive or the log shipper, then verify again',
  'reordered': 'records are out of order: restore the segment from the archive; the log was edited by hand or a tool',
  'duplicated': 'a record appears twice: restore the segment from the archive; the log was edited by hand or a tool',
  'chain-break': 'a record was replaced or two logs spliced: restore the segment from the archive and verify it with --checkpoints from off the host',
  'truncated': 'the tail is missing or unfinished: if the writer still runs, pass --live; otherwise verify with --checkpoints from off the host to prove how much was cut',
  'bad-signature': 'a checkpoint was re-signed: verify with --key/--jwks (the keys kept off the host) and --checkpoints; treat the log as rewritten until explained',
  'untrusted-key': 'the log is signed by a key you do not trust: someone may have rewritten and re-signed it; compare with --checkpoints from off the host',
  'root-mismatch': 'history was rewritten under a checkpoint: restore the log from the archive and compare with --checkpoints from off the host',
  'recovery-cut': 'the writer cut well-formed records on restart: inspect the saved .torn file it names and compare with off-host checkpoints',
}

/** Classes whose calls need someone to act: every attention class and every violation. */
export type ActionClass = Exclude<ReconcileClass, 'ok' | 'refused-by-guard' | 'not-delivered'>

export const CLASS_ADVICE: Record<ActionClass, string> = {
  'executor-failed': 'the guard accepted these calls and the executor failed or could not be reached (a 5xx receipt): check the executor\'s own logs for each decision id, and tell the agents whether to try again',
  'retry-risk': 'these calls ran, or may have, while their agents were told they failed (502, 504, or no answer): check the executor\'s logs for each decision id before anyone repeats the action',
  'approved-not-executed': 'the upstream answered the gate as if it ran, and no executed log given holds it: pass every guard replica\'s log (--executed), check that upstream is guarded, and treat an answer no guard recorded as a bypass until explained',
  'unknown-key': 'the guard accepted a binding no trusted gate key made: rotate the gate keys, check the guard\'s key set (jwksFile/jwksUrl) and who can write it',
  'executed-without-approval': 'something ran that the gate never approved: check the guard\'s key set and every executed log replica, then verify both logs with --key/--jwks',
  'executed-after-deny': 'a denied call ran: the guard accepted a binding for a denied decision; verify both logs with --key/--jwks and check who holds the gate key',
  'digest-mismatch': 'other bytes ran than were approved: a guard that does not verify Content-Digest, or an edited log; verify both logs and test the guard with its probes',
  'tool-mismatch': 'a different tool ran than was approved: check the guard\'s target check (ERR_GUARD_TARGET_MISMATCH) and verify both logs with --key/--jwks',
  'agent-mismatch': 'the call ran for a different agent than was approved: verify both logs with --key/--jwks; a log was edited or a binding forged',
  'audience-mismatch': 'the call ran on an executor it was not approved for: check each guard\'s audience setting and verify both logs',
  'method-mismatch': 'the call ran with a different HTTP method than was approved: verify both logs and check what sits between the gate and the guard',
  'target-mismatch': 'the call ran at a different path than was approved: check the upstream URL and any proxy between the gate and the guard',
  'policy-digest-mismatch': 'the execution names a different policy than the decision: verify both logs with --key/--jwks; a log was edited or a binding forged',
  'keyid-mismatch': 'the execution names a different gate key than the decision: verify both logs with --key/--jwks; a log was edited or a binding forged',
  'nonce-mismatch': 'the execution carries a different binding than the decision issued: verify both logs with --key/--jwks; a binding was forged or a log edited',
  'replayed': 'one approval ran more than once: check the guard\'s replay store (Redis, or the restart rule) and whether replicas share it',
  'approval-missing': 'a call an ask rule decided ran without a person\'s approval: the gate that signed it is not to be trusted; require approvals at the guard (guard.yaml approvals.require) so it cannot happen again',
  'approval-invalid': 'a call ran under an approval the log does not prove (a record that does not verify, a denial, other bytes, or approvers it does not name): treat the gate as compromised and check who holds its key',
  'approval-reused': 'one person\'s approval ran more than one call: the gate reused it; the guard refuses that when it requires approvals (ERR_GUARD_APPROVAL_REPLAY)',
  'executed-after-expiry': 'the call ran after its binding expired: check the guard\'s clock and skew settings, or raise --grace if the clocks are known to differ',
}

/** True for a class whose calls need someone to act (attention or violation). */
export function needsAction(c: ReconcileClass): c is ActionClass {
  return CLASS_LEVEL[c] === 'attention' || CLASS_LEVEL[c] === 'violation'
}

/** `next: …` lines for the faults and classes found, each once, in table order (violations, then attention). */
export function nextSteps(faults: Iterable<AuditFaultKind>, classes: Iterable<ReconcileClass> = []): string[] {
  const kinds = new Set(faults)
  const cls = new Set(classes)
  const out: string[] = []
  for (const k of Object.keys(FAULT_ADVICE) as AuditFaultKind[]) if (kinds.has(k)) out.push(`next (${k}): ${FAULT_ADVICE[k]}`)
  const order = (Object.keys(CLASS_ADVICE) as ActionClass[]).sort((a, b) => Number(CLASS_LEVEL[a] === 'attention') - Number(CLASS_LEVEL[b] === 'attention'))
  for (const c of order) if (cls.has(c)) out.push(`next (${c}): ${CLASS_ADVICE[c]}`)
  return out
}

/**
 * `failed`: a violation or an integrity fault. `attention`: nothing ran that was not approved, exactly
 * as approved, but calls ran (or may have) otherwise than their agents were told. `ok`: neither.
 */
export type ReconcileVerdict = 'ok' | 'attention' | 'failed'

/** The exit status of `audit reconcile` and `audit report` for each verdict (2 is a wrong argument). */
export const VERDICT_EXIT: Readonly<Record<ReconcileVerdict, number>> = { ok: 0, failed: 1, attention: 3 }

export function verdictOf(r: Pick<ReconcileResult, 'violations' | 'attention'>, faults: number): ReconcileVerdict {
  if (r.violations > 0 || faults > 0) return 'failed'
  return r.attention > 0 ? 'attention' : 'ok'
}
