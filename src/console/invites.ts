/**
 * @module console/invites: one-time enrolment links. `verbatim approvers invite` writes the SHA-256
 * of a random token to approvals.dir/invites; the console redeems it once, by renaming the file.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { VerbatimError } from '../errors/index.js'
import { writeDurably } from './files.js'

const TOKEN = /^[A-Za-z0-9_-]{43}$/

const fileOf = (dir: string, token: string): string => join(dir, 'invites', `${createHash('sha256').update(token).digest('hex')}.json`)

/** Writes an invite for `approver`, valid until `expires` (ms), and returns its token (256 bits, base64url): shown once, stored nowhere. */
export async function createInvite(dir: string, approver: string, expires: number): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await writeDurably(fileOf(dir, token), JSON.stringify({ approver, expires }) + '\n')
  return token
}

const invalid = (why: string): VerbatimError => new VerbatimError('ERR_CONSOLE_ENROLMENT', why)

/** The approver an unused, unexpired invite names; throws ERR_CONSOLE_ENROLMENT otherwise. */
export async function peekInvite(dir: string, token: string, now: number): Promise<string> {
  if (!TOKEN.test(token)) throw invalid('not an enrolment link')
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(fileOf(dir, token), 'utf8'))
  } catch {
    throw invalid('this enrolment link is unknown or was used already')
  }
  const r = raw as { approver?: unknown; expires?: unknown }
  if (typeof r.approver !== 'string' || typeof r.expires !== 'number') throw invalid('this enrolment link is damaged')
  if (now >= r.expires) throw invalid('this enrolment link expired: ask for a new one (verbatim approvers invite)')
  return r.approver
}

/** Redeems the invite: the rename succeeds for one caller only, so a link enrols one passkey, once. */
export async function redeemInvite(dir: string, token: string, now: number): Promise<string> {
  const approver = await peekInvite(dir, token, now)
  const file = fileOf(dir, token)
  try {
    await rename(file, `${file}.used`)
  } catch {
    throw invalid('this enrolment link was used already')
  }
  return approver
}
