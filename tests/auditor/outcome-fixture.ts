/**
 * @module tests/auditor/outcome-fixture: a gate log and a guard log with one call of every outcome an
 * outage leaves: refused by the guard, never delivered, the executor down behind a live guard, ran
 * while the agent was told it failed, outcomes lost when a process stopped, and calls still in flight.
 */
import { join } from 'node:path'
import { openAuditWriter } from '../../src/audit/index.js'
import type { AuditWriter, JsonValue } from '../../src/audit/index.js'
import { newSigner, tempDir } from '../audit/helpers.js'

export const T0 = Date.UTC(2026, 2, 1) // ms
const S = T0 / 1000
/** Every binding here expires a minute after T0. */
export const EXPIRES = S + 60
const dig = (id: string): string => Buffer.from(id.padEnd(32, '.')).toString('hex').slice(0, 64)

/** The class each decision must get (`pending` is no class: the count of calls with no outcome yet). */
export const EXPECTED: Record<string, string> = {
  'd-ok': 'ok',
  'd-4xx': 'ok',
  'd-lost-receipt': 'ok',
  'd-lost-forward': 'ok',
  'd-running-receipt': 'ok',
  'd-refused': 'refused-by-guard',
  'd-refused-unrecorded': 'refused-by-guard',
  'd-undelivered': 'not-delivered',
  'd-gate-stopped': 'not-delivered',
  'd-exec-failed': 'executor-failed',
  'd-retry': 'retry-risk',
  'd-retry-no-receipt': 'retry-risk',
  'd-both-stopped': 'retry-risk',
  'd-vanished': 'approved-not-executed',
  'd-unguarded': 'approved-not-executed',
  'd-in-flight': 'pending',
  'd-running': 'pending',
}

export interface OutcomeLogs {
  gateDir: string
  guardDir: string
  /** Stops both writers (each appends its stop): call once the live logs have been read. */
  close(): Promise<void>
}

/**
 * Writes the two logs. The gate stops and starts again once (what it had not recorded by then is
 * settled: no answer reached its agent) and is left open after, as a live gate's log is.
 */
export async function makeOutcomeLogs(): Promise<OutcomeLogs> {
  const root = tempDir('verbatim-outcomes-')
  const gateDir = join(root, 'gate')
  const guardDir = join(root, 'guard')
  let clock = T0
  const now = (): number => clock++
  const gateSigner = newSigner('outcome-gate')
  const startFields = { keys: [{ kid: 'gate-k1', x: 'AAAA' }], policyDigest: 'p'.repeat(64) }
  let gate: AuditWriter = await openAuditWriter({ dir: gateDir, process: 'gate', signer: gateSigner, now, startFields })
  const guard = await openAuditWriter({ dir: guardDir, process: 'guard', signer: newSigner('outcome-guard'), now, startFields: { audience: 'exec-1' } })
  const bound = (id: string): Record<string, JsonValue> => ({
    decisionId: id, agent: 'coder', tool: 'fs.read', audience: 'exec-1', method: 'POST', target: '/v1/tools/fs.read',
    policyDigest: 'p'.repeat(64), digest: dig(id), keyid: 'gate-k1', nonce: `n-${id}`, created: S, expires: EXPIRES,
  })
  const decide = (id: string): Promise<unknown> => gate.append('decision', { ...bound(id), verdict: 'allow', ruleIds: ['r1'] })
  const forward = (id: string, f: Record<string, JsonValue>): Promise<unknown> => gate.append('forward', { decisionId: id, latencyMs: 3, ...f })
  const execute = (id: string): Promise<unknown> => guard.append('execution', { ...bound(id), status: 'accepted' })
  const receipt = (id: string, status: number): Promise<unknown> => guard.append('receipt', { decisionId: id, digest: dig(id), status, receipt: 'r' })

  const calls: Array<[string, () => Promise<void>]> = [
    ['d-ok', async () => { await execute('d-ok'); await receipt('d-ok', 200); await forward('d-ok', { status: 200, receipt: 'r' }) }],
    ['d-4xx', async () => { await execute('d-4xx'); await receipt('d-4xx', 404); await forward('d-4xx', { status: 404, receipt: 'r' }) }],
    // The guard crashed after answering, before its receipt record was durable: the gate's forward tells.
    ['d-lost-receipt', async () => { await execute('d-lost-receipt'); await forward('d-lost-receipt', { status: 200, receipt: 'r' }) }],
    ['d-refused', async () => {
      await guard.append('refusal', { ...bound('d-refused'), code: 'ERR_GUARD_BEFORE_START' })
      await forward('d-refused', { status: 503, refusedByGuard: true })
    }],
    // A refusal the guard could not log (it names no decision it could parse): the gate's record tells.
    ['d-refused-unrecorded', async () => { await forward('d-refused-unrecorded', { status: 401, refusedByGuard: true }) }],
    ['d-undelivered', async () => { await forward('d-undelivered', { status: 0, code: 'ERR_GATE_UPSTREAM_UNAVAILABLE' }) }],
    // The executor is down behind a live guard: accepted, recorded, and answered 502 with a receipt.
    ['d-exec-failed', async () => { await execute('d-exec-failed'); await receipt('d-exec-failed', 502); await forward('d-exec-failed', { status: 502, receipt: 'r' }) }],
    // The gate gave up (504) while the tool ran to success.
    ['d-retry', async () => { await execute('d-retry'); await forward('d-retry', { status: 0, code: 'ERR_GATE_UPSTREAM_TIMEOUT' }); await receipt('d-retry', 200) }],
    // The guard died with its executor mid-call: no receipt, and the agent got 502.
    ['d-retry-no-receipt', async () => { await execute('d-retry-no-receipt'); await forward('d-retry-no-receipt', { status: 0, code: 'ERR_GATE_UPSTREAM_UNAVAILABLE' }) }],
    // Something answered 200 for the tool, and no guard recorded running it.
    ['d-vanished', async () => { await forward('d-vanished', { status: 200 }) }],
    // Something answered 200 without a valid receipt: the gate withheld it (502 to the agent), and no guard ran it.
    ['d-unguarded', async () => { await forward('d-unguarded', { status: 200, code: 'ERR_GUARD_RECEIPT_INVALID', receiptFault: 'no Verbatim-Receipt' }) }],
    // The gate crashed before its forward record was durable (it answers first): the receipt tells.
    ['d-lost-forward', async () => { await execute('d-lost-forward'); await receipt('d-lost-forward', 200) }],
    ['d-gate-stopped', async () => undefined],
    ['d-both-stopped', async () => { await execute('d-both-stopped') }],
  ]
  for (const [id, run] of calls) {
    await decide(id)
    await run()
  }
  // The gate stops (its last two calls had no recorded outcome) and starts again on the same log.
  await gate.close()
  gate = await openAuditWriter({ dir: gateDir, process: 'gate', signer: gateSigner, now, startFields })
  await decide('d-in-flight')
  await decide('d-running')
  await execute('d-running')
  await decide('d-running-receipt')
  await execute('d-running-receipt')
  await receipt('d-running-receipt', 200)
  // Both stay open, as a live gate's and a live guard's logs are.
  const live = gate
  return { gateDir, guardDir, close: async () => { await live.close(); await guard.close() } }
}
