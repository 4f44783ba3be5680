/**
 * @module console/credentials: the passkeys approvers enrolled (credentials.json in approvals.dir):
 * each credential's id, COSE public key and last signCount. The gate's process is its only writer.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { VerbatimError } from '../errors/index.js'
import { readJson, writeDurably } from './files.js'

const B64URL = z.string().regex(/^[A-Za-z0-9_-]+$/)

export const StoredCredentialSchema = z.strictObject({
  id: B64URL,
  /** COSE_Key, base64url (RFC 9052 §7). */
  publicKey: B64URL,
  counter: z.number().int().min(0),
  /** Milliseconds since the epoch. */
  enrolled: z.number().int(),
  transports: z.array(z.string()).default([]),
})
export type StoredCredential = z.infer<typeof StoredCredentialSchema>

const FileSchema = z.strictObject({ version: z.literal(1), approvers: z.record(z.string(), z.array(StoredCredentialSchema)) })
type CredentialFile = z.infer<typeof FileSchema>

export const CREDENTIALS_FILE = 'credentials.json'

/** Reads credentials.json of an approvals dir (empty when there is none); a malformed file refuses the start. */
export async function readCredentials(dir: string): Promise<CredentialFile> {
  const path = join(dir, CREDENTIALS_FILE)
  const raw = await readJson(path)
  if (raw === undefined) return { version: 1, approvers: {} }
  const r = FileSchema.safeParse(raw)
  if (!r.success) throw new VerbatimError('ERR_CONFIG_INVALID', `${path}: not a credentials file: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return r.data
}

export class CredentialStore {
  readonly #dir: string
  #file: CredentialFile
  /** Writes one after another, so a counter update never overwrites an enrolment. */
  #writing: Promise<void> = Promise.resolve()

  private constructor(dir: string, file: CredentialFile) {
    this.#dir = dir
    this.#file = file
  }

  static async open(dir: string): Promise<CredentialStore> {
    return new CredentialStore(dir, await readCredentials(dir))
  }

  /** Every credential of an approver. */
  of(approver: string): readonly StoredCredential[] {
    return this.#file.approvers[approver] ?? []
  }

  /** The credential with this id, and whose it is. */
  find(id: string): { approver: string; credential: StoredCredential } | undefined {
    for (const [approver, list] of Object.entries(this.#file.approvers)) {
      const credential = list.find((c) => c.id === id)
      if (credential !== undefined) return { approver, credential }
    }
    return undefined
  }

  /** Adds a credential; a credential id is one person's only (WebAuthn §7.1: refuse a registered id). */
  async add(approver: string, c: StoredCredential): Promise<void> {
    if (this.find(c.id) !== undefined) throw new VerbatimError('ERR_CONSOLE_ENROLMENT', 'this passkey is enrolled already')
    this.#file.approvers[approver] = [...this.of(approver), c]
    await this.#save()
  }

  /** Keeps the signCount an assertion showed, so a replayed one is refused (WebAuthn §6.1.1). */
  async count(id: string, counter: number): Promise<void> {
    const hit = this.find(id)
    if (hit === undefined || counter <= hit.credential.counter) return
    hit.credential.counter = counter
    await this.#save()
  }

  #save(): Promise<void> {
    const text = JSON.stringify(this.#file, null, 2) + '\n'
    this.#writing = this.#writing.then(() => writeDurably(join(this.#dir, CREDENTIALS_FILE), text))
    return this.#writing
  }
}
