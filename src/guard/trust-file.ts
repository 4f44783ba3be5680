/** @module guard/trust-file: read the approvers a guard trusts (`verbatim approvers export`); a bad file refuses the start. */
import { readFile } from 'node:fs/promises'
import { TrustFileSchema } from '../approval/index.js'
import type { TrustFile } from '../approval/index.js'
import { VerbatimError } from '../errors/index.js'

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
