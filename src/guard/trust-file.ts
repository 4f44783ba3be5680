/** @module guard/trust-file: read the approvers a guard trusts (`verbatim approvers export`); a bad file refuses the start. */
import { readFile } from 'node:fs/promises'
import { TrustFileSchema } from '../approval/index.js'
import type { TrustFile } from '../approval/index.js'
import { VerbatimError } from '../errors/index.js'
import type { GuardConfig } from './config.js'
import type { GuardApprovals } from './types.js'

export async function readTrustFile(path: string): Promise<TrustFile> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (cause) {
    throw new VerbatimError('ERR_CONFIG_INVALID', `${path}: cannot read the approvers trust file (${(cause as Error).message})`, { cause })
  }
  const r = TrustFileSchema.safeParse(raw)
  if (!r.success) throw new VerbatimError('ERR_CONFIG_INVALID', `${path}: not an approvers trust file: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  return r.data
}

/** guard.yaml approvals: the approvals the guard requires, and how to read the trust file again (SIGHUP; a bad file leaves the one in use). */
export async function loadGuardApprovals(c: GuardConfig['approvals']): Promise<{ approvals?: GuardApprovals; reload: () => Promise<void> }> {
  if (c === undefined) return { reload: async () => undefined }
  const approvals: GuardApprovals = { trust: await readTrustFile(c.trustFile), require: c.require }
  return { approvals, reload: async () => void (approvals.trust = await readTrustFile(c.trustFile)) }
}
