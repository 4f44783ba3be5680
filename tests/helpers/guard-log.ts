/** A guard's executed log with an earlier run in it, as on any guard that has started before. */
import { openAuditWriter } from '../../src/audit/index.js'
import { generateKeyPair } from '../../src/binding/index.js'

/**
 * Writes one earlier run (start, stop) for `audience` into the executed log in `dir`, so that a guard
 * started on it refills its replay store from the log instead of applying the restart rule, which
 * a brand-new log would (and which the restart tests exercise on their own).
 */
export async function earlierRun(dir: string, audience: string): Promise<void> {
  const key = await generateKeyPair()
  const w = await openAuditWriter({ dir, process: 'guard', signer: { kid: key.kid, privateKey: key.privateKey }, startFields: { audience } })
  await w.close()
}
