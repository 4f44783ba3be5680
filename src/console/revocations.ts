/**
 * @module console/revocations: the passkeys an operator took back (revoked.json in approvals.dir).
 * The CLI (`verbatim approvers revoke`) is its only writer and the gate only reads it, so a
 * revocation never races the gate's own writes to credentials.json. The gate reads it again before
 * it checks any assertion and before it lets a call use an approval: a revocation counts at once,
 * with no SIGHUP, for every call not yet run.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { VerbatimError } from '../errors/index.js'
import { readJson, writeDurably } from './files.js'

export const REVOKED_FILE = 'revoked.json'

const RevocationSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  approver: z.string(),
  /** Milliseconds since the epoch. */
  at: z.number().int(),
})
export type Revocation = z.infer<typeof RevocationSchema>

const FileSchema = z.strictObject({ version: z.literal(1), revoked: z.array(RevocationSchema) })

/** Every revocation of an approvals dir (none when there is no file); an unreadable file is a fault, never "none". */
export async function readRevocations(dir: string): Promise<Revocation[]> {
  const path = join(dir, REVOKED_FILE)
  let raw: unknown
  try {
    raw = await readJson(path)
  } catch (e) {
    throw new VerbatimError('ERR_CONFIG_INVALID', `${path}: ${(e as Error).message}`)
  }
  if (raw === undefined) return []
  const r = FileSchema.safeParse(raw)
  if (!r.success) throw new VerbatimError('ERR_CONFIG_INVALID', `${path}: not a revocations file: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return r.data.revoked
}

/** Adds revocations (the CLI); an id revoked already keeps its first record. Returns the ids newly revoked. */
export async function revoke(dir: string, approver: string, ids: readonly string[], at: number): Promise<string[]> {
  const revoked = await readRevocations(dir)
  const known = new Set(revoked.map((r) => r.id))
  const added = ids.filter((id) => !known.has(id))
  if (added.length === 0) return []
  const text = JSON.stringify({ version: 1, revoked: [...revoked, ...added.map((id) => ({ id, approver, at }))] }, null, 2) + '\n'
  await writeDurably(join(dir, REVOKED_FILE), text)
  return added
}
