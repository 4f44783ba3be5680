/** @module tests/audit/tamper: one tampered copy of a clean log per class, as an attacker would make it. */
import type { KeyObject } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditRecord, JsonValue } from '../../src/audit/index.js'
import { GENESIS_HASH, MerkleFrontier, buildRecord, publicKeyEntry, segmentName, signCheckpoint } from '../../src/audit/index.js'
import { newSigner, tempDir, writeLog } from './helpers.js'

export const TAMPER_CLASSES = ['edit-byte', 'delete-line', 'swap-lines', 'truncate-after-checkpoint', 'resigned-wrong-key', 'reforged-with-own-key'] as const
export type TamperClass = (typeof TAMPER_CLASSES)[number]

/** Re-chains records (hashes, prev, checkpoint roots) and re-signs checkpoints with `key`. */
export function reforge(records: AuditRecord[], kid: string, key: KeyObject, replaceSigner: boolean): string {
  const frontier = new MerkleFrontier()
  let prev = GENESIS_HASH
  let out = ''
  for (const r of records) {
    const { v: _v, seq, ts, type, prev: _p, hash: _h, ...rest } = r
    let fields: Record<string, JsonValue> = rest
    if (type === 'checkpoint') fields = signCheckpoint({ origin: String(rest['origin']), size: seq, root: frontier.root(), kid }, key)
    if (type === 'start' && replaceSigner) fields = { ...rest, signer: { ...publicKeyEntry(kid, key) } }
    const b = buildRecord(seq, ts, type, prev, fields)
    out += b.line
    prev = b.hash
    frontier.push(b.hash)
  }
  return out
}

export interface TamperSet {
  dir: string
  clean: string
  files: Record<TamperClass, string>
  /** The genuine signer's public key entry (what an auditor keeps off-host). */
  trusted: { kid: string; x: string }
  /** The genuine final checkpoint line, as shipped off-host. */
  offHostCheckpoint: string
}

/** A clean 10-decision log (checkpoint every 4) and one tampered file per class. */
export async function makeTamperSet(): Promise<TamperSet> {
  const src = tempDir()
  const signer = await writeLog(src, 10)
  const clean = readFileSync(join(src, segmentName('gate', 0)), 'utf8')
  const lines = clean.split('\n').filter((l) => l !== '')
  const dir = tempDir()
  const write = (name: TamperClass, text: string): string => {
    const p = join(dir, `${name}.jsonl`)
    writeFileSync(p, text)
    return p
  }
  const join1 = (ls: string[]): string => ls.map((l) => l + '\n').join('')
  const cpIdx = lines.findIndex((l, i) => i > 2 && l.includes('"type":"checkpoint"'))
  const attacker = newSigner(signer.kid) // same kid, different key
  const records = lines.map((l) => JSON.parse(l) as AuditRecord)
  const files = {
    'edit-byte': write('edit-byte', join1(lines.map((l, i) => (i === 2 ? l.replace('fs.read', 'fs.reae') : l)))),
    'delete-line': write('delete-line', join1(lines.filter((_, i) => i !== 2))),
    'swap-lines': write('swap-lines', join1(lines.map((l, i) => (i === 2 ? lines[3] : i === 3 ? lines[2] : l) as string))),
    'truncate-after-checkpoint': write('truncate-after-checkpoint', join1(lines.slice(0, cpIdx + 1))),
    'resigned-wrong-key': write('resigned-wrong-key', reforge(records, attacker.kid, attacker.privateKey, false)),
    'reforged-with-own-key': write('reforged-with-own-key', reforge(records, attacker.kid, attacker.privateKey, true)),
  }
  const offHost = lines.at(-1) as string
  writeFileSync(join(dir, 'checkpoints.jsonl'), offHost + '\n')
  writeFileSync(join(dir, 'trusted.jwk'), JSON.stringify({ kty: 'OKP', crv: 'Ed25519', ...publicKeyEntry(signer.kid, signer.privateKey) }))
  writeFileSync(join(dir, 'clean.jsonl'), clean)
  return { dir, clean, files, trusted: publicKeyEntry(signer.kid, signer.privateKey), offHostCheckpoint: offHost }
}
