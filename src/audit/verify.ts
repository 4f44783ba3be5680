/** @module audit/verify: checks a log's chain, hashes, checkpoints and ending; pure over file text. */
import type { KeyObject } from 'node:crypto'
import { keyFromEntry, verifyCheckpointSignature } from './checkpoint.js'
import { MerkleFrontier, merkleRoot } from './merkle.js'
import { GENESIS_HASH, parseLine } from './record.js'
import type { AuditPublicKey, AuditRecord } from './types.js'
import type { AuditFault, AuditFaultKind, VerifyFile, VerifyOptions, VerifyReport } from './verify-types.js'

interface Entry {
  file: string
  line: number
  record: AuditRecord
  intact: boolean
}

/** Leaves by seq, with an in-order frontier for cheap roots (RFC 9162 §2.1.1). */
class Leaves {
  readonly bySeq: (string | undefined)[] = []
  readonly frontier = new MerkleFrontier()
  add(seq: number, hash: string): void {
    if (this.bySeq[seq] !== undefined) return
    this.bySeq[seq] = hash
    while (this.bySeq[this.frontier.size] !== undefined) this.frontier.push(this.bySeq[this.frontier.size] as string)
  }
  /** Root over seq 0..size-1, or null when some are missing. */
  root(size: number): string | null {
    if (size === this.frontier.size) return this.frontier.root()
    if (size > this.frontier.size) return null
    return merkleRoot(this.bySeq.slice(0, size) as string[])
  }
}

function signerOf(r: AuditRecord): AuditPublicKey | null {
  const s = r['signer']
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return null
  const { kid, x } = s as Record<string, unknown>
  return typeof kid === 'string' && typeof x === 'string' ? { kid, x } : null
}

function toKey(k: AuditPublicKey): KeyObject | null {
  try {
    return keyFromEntry(k)
  } catch {
    return null
  }
}

/** Verifies one process's log: its segments in order, as text. Never throws on bad input. */
export function verifyLog(files: readonly VerifyFile[], opts: VerifyOptions = {}): VerifyReport {
  const faults: AuditFault[] = []
  const notes: string[] = []
  const fault = (e: { file: string; line: number }, seq: number | null, kind: AuditFaultKind, message: string): void => {
    faults.push({ file: e.file, line: e.line, seq, kind, message })
  }
  // Pass 1: lines to entries.
  const entries: Entry[] = []
  for (const f of files) {
    const lines = f.text.split('\n')
    const torn = lines.pop() ?? ''
    lines.forEach((text, i) => {
      const p = parseLine(text)
      if (p.ok) entries.push({ file: f.name, line: i + 1, record: p.record, intact: true })
      else if (p.record !== undefined) {
        fault({ file: f.name, line: i + 1 }, p.record.seq, 'modified', p.message)
        entries.push({ file: f.name, line: i + 1, record: p.record, intact: false })
      } else fault({ file: f.name, line: i + 1 }, null, 'malformed', p.message)
    })
    if (torn !== '') fault({ file: f.name, line: lines.length + 1 }, null, 'truncated', `last line is incomplete (${Buffer.byteLength(torn)} bytes without a newline): a torn or cut write`)
    const first = entries.find((e) => e.file === f.name)
    if (first !== undefined && f.startSeq !== undefined && first.record.seq !== f.startSeq) {
      fault(first, first.record.seq, first.record.seq > f.startSeq ? 'deleted' : 'modified', `segment is named for seq ${f.startSeq} but starts at seq ${first.record.seq}`)
    }
  }
  // Pass 2: sequence and chain.
  const suffixMin: number[] = new Array<number>(entries.length + 1).fill(Infinity)
  for (let i = entries.length - 1; i >= 0; i--) suffixMin[i] = Math.min((entries[i] as Entry).record.seq, suffixMin[i + 1] as number)
  const leaves = new Leaves()
  const expectStart = files[0]?.startSeq ?? entries[0]?.record.seq ?? 0
  if (expectStart > 0) notes.push(`the input starts at seq ${expectStart}: records before it, and checkpoint roots that need them, are not checked`)
  let lastSeq = expectStart - 1
  let lastHash: string | null = expectStart === 0 ? GENESIS_HASH : null
  const trusted = opts.trustedKeys
  let signer: { entry: AuditPublicKey; key: KeyObject | null } | null = null
  let origin: string | null = null
  let checkpoints = 0
  let lastCheckpoint: VerifyReport['lastCheckpoint'] = null
  let recoveries = 0
  let prevType: string | null = null
  let prev2Type: string | null = null
  for (const [i, e] of entries.entries()) {
    const r = e.record
    const expected = lastSeq + 1
    if (!e.intact) {
      leaves.add(expected, r.hash)
      lastSeq = expected
      lastHash = r.hash
      continue
    }
    if (r.seq === expected) {
      if (lastHash !== null && r.prev !== lastHash) fault(e, r.seq, 'chain-break', `prev does not match the hash of seq ${lastSeq}: a record was replaced or the log spliced`)
    } else if (r.seq > expected) {
      const kind = (suffixMin[i + 1] as number) < r.seq ? 'reordered' : 'deleted'
      fault(e, r.seq, kind, kind === 'deleted' ? `${r.seq - expected} record(s) missing (seq ${expected}..${r.seq - 1})` : `seq ${r.seq} appears before seq ${suffixMin[i + 1]}`)
    } else if (leaves.bySeq[r.seq] === r.hash) {
      fault(e, r.seq, 'duplicated', `seq ${r.seq} appears again`)
    } else {
      fault(e, r.seq, 'reordered', `seq ${r.seq} appears after seq ${lastSeq}`)
    }
    leaves.add(r.seq, r.hash)
    if (r.seq > lastSeq) {
      lastSeq = r.seq
      lastHash = r.hash
    }
    // Record-type rules.
    if (r.type === 'start') {
      const s = signerOf(r)
      if (typeof r['origin'] === 'string') origin ??= r['origin']
      if (s === null) fault(e, r.seq, 'malformed', 'start record declares no signer key')
      else {
        signer = { entry: s, key: toKey(s) }
        if (trusted !== undefined && !trusted.some((t) => t.x === s.x)) {
          fault(e, r.seq, 'untrusted-key', `the log's signer key (kid ${s.kid}) is not among the trusted keys: the log may have been re-signed`)
        }
      }
      if (prevType !== null && prevType !== 'recovery' && !(prevType === 'checkpoint' && prev2Type === 'stop')) {
        fault(e, r.seq, 'truncated', `restart after seq ${r.seq - 1} without a stop or a recovery record: records may have been cut`)
      }
    } else if (r.type === 'recovery') {
      recoveries++
      const cutRecords = typeof r['cutRecords'] === 'number' ? r['cutRecords'] : 0
      const cutCheckpoints = typeof r['cutCheckpoints'] === 'number' ? r['cutCheckpoints'] : 0
      if (cutRecords > 0 || cutCheckpoints > 0) {
        fault(e, r.seq, 'recovery-cut', `recovery cut ${cutRecords} well-formed record(s), ${cutCheckpoints} checkpoint(s) from ${String(r['file'])}; saved as ${String(r['savedAs'])}`)
      }
    } else if (r.type === 'checkpoint') {
      checkpoints++
      checkCheckpoint(e, r, signer, trusted, leaves, fault)
      lastCheckpoint = { seq: r.seq, size: Number(r['size']), root: String(r['root']) }
    }
    prev2Type = prevType
    prevType = r.type
  }
  // Pass 3: the ending.
  const last = entries.at(-1)
  if (last !== undefined && !opts.live && !(prevType === 'checkpoint' && prev2Type === 'stop')) {
    const cp = lastCheckpoint === null ? 'no checkpoint' : `the last checkpoint is seq ${lastCheckpoint.seq}`
    fault(last, last.record.seq, 'truncated', `the log ends at seq ${last.record.seq} (${last.record.type}) without stop + checkpoint (${cp}): its tail may have been cut, or the writer is still running (use --live)`)
  }
  for (const c of opts.checkpoints ?? []) checkOffHost(c, lastSeq + 1, signer?.entry ?? null, trusted, leaves, faults)
  const lastCpSeq = lastCheckpoint?.seq ?? -1
  return {
    origin,
    records: entries.length,
    firstSeq: entries[0]?.record.seq ?? null,
    lastSeq: entries.length === 0 ? null : lastSeq,
    checkpoints,
    lastCheckpoint,
    unsignedTail: entries.length === 0 ? 0 : lastSeq - lastCpSeq,
    recoveries,
    faults,
    notes,
  }
}

type FaultFn = (e: { file: string; line: number }, seq: number | null, kind: AuditFaultKind, message: string) => void

function checkCheckpoint(
  e: Entry,
  r: AuditRecord,
  signer: { entry: AuditPublicKey; key: KeyObject | null } | null,
  trusted: readonly AuditPublicKey[] | undefined,
  leaves: Leaves,
  fault: FaultFn,
): void {
  const size = r['size']
  const root = r['root']
  const kid = r['kid']
  const sig = r['sig']
  const origin = r['origin']
  if (typeof size !== 'number' || typeof root !== 'string' || typeof kid !== 'string' || typeof sig !== 'string' || typeof origin !== 'string') {
    fault(e, r.seq, 'malformed', 'checkpoint lacks size, root, kid, sig or origin')
    return
  }
  if (signer === null) fault(e, r.seq, 'bad-signature', 'checkpoint before any start record declared a signer key')
  else if (kid !== signer.entry.kid) fault(e, r.seq, 'bad-signature', `checkpoint signed by kid ${kid}, but the log's start declared kid ${signer.entry.kid}`)
  else if (signer.key === null || !verifyCheckpointSignature({ origin, size, root, kid }, sig, signer.key)) {
    fault(e, r.seq, 'bad-signature', `checkpoint signature does not verify under the start record's key (kid ${kid})`)
  } else if (trusted !== undefined) {
    const t = trusted.find((k) => k.kid === kid)
    const tk = t === undefined ? null : toKey(t)
    if (tk === null || !verifyCheckpointSignature({ origin, size, root, kid }, sig, tk)) {
      fault(e, r.seq, 'bad-signature', `checkpoint signature does not verify under the trusted key for kid ${kid}`)
    }
  }
  if (size !== r.seq) {
    fault(e, r.seq, 'root-mismatch', `checkpoint at seq ${r.seq} claims size ${size}`)
    return
  }
  const want = leaves.root(size)
  if (want !== null && want !== root) fault(e, r.seq, 'root-mismatch', `Merkle root over ${size} records is ${want.slice(0, 12)}…, checkpoint says ${root.slice(0, 12)}…`)
}

function checkOffHost(
  c: AuditRecord,
  logSize: number,
  signer: AuditPublicKey | null,
  trusted: readonly AuditPublicKey[] | undefined,
  leaves: Leaves,
  faults: AuditFault[],
): void {
  const at = { file: '(off-host checkpoints)', line: 0 }
  const push = (kind: AuditFaultKind, message: string): void => {
    faults.push({ ...at, seq: typeof c.seq === 'number' ? c.seq : null, kind, message })
  }
  const { size, root, kid, sig, origin } = c as Record<string, unknown>
  if (typeof size !== 'number' || typeof root !== 'string' || typeof kid !== 'string' || typeof sig !== 'string' || typeof origin !== 'string') {
    push('malformed', 'off-host checkpoint lacks size, root, kid, sig or origin')
    return
  }
  const keyEntry = trusted?.find((k) => k.kid === kid) ?? (signer?.kid === kid ? signer : undefined)
  const key = keyEntry === undefined ? null : toKey(keyEntry)
  if (key === null || !verifyCheckpointSignature({ origin, size, root, kid }, sig, key)) {
    push('bad-signature', `off-host checkpoint (size ${size}) does not verify under kid ${kid}`)
  }
  if (size > logSize) {
    push('truncated', `an off-host checkpoint covers ${size} records but the log holds only ${logSize}: its tail was cut`)
    return
  }
  const want = leaves.root(size)
  if (want !== null && want !== root) push('root-mismatch', `off-host checkpoint root for size ${size} differs from the log's records: history was rewritten`)
}
