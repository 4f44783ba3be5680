/** @module tests/audit/helpers: temp dirs, keys and log fixtures for the audit tests. */
import { generateKeyPairSync } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AuditSigner, AuditWriterOptions, VerifyFile } from '../../src/audit/index.js'
import { openAuditWriter, parseSegmentName, publicKeyEntry } from '../../src/audit/index.js'

export function tempDir(prefix = 'verbatim-audit-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function newSigner(kid = 'audit-1'): AuditSigner & { publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { kid, privateKey, publicKey }
}

export function keyEntry(s: AuditSigner): { kid: string; x: string } {
  return publicKeyEntry(s.kid, s.privateKey)
}

/** A deterministic clock: 1 ms per call from a fixed epoch. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): () => number {
  let t = start
  return () => t++
}

/** Segments of `process` in `dir`, in order, as verifier input. */
export function loadFiles(dir: string, process = 'gate'): VerifyFile[] {
  return readdirSync(dir)
    .map((name) => ({ name, parsed: parseSegmentName(name) }))
    .filter((f) => f.parsed !== null && f.parsed.process === process)
    .sort((a, b) => (a.parsed?.startSeq ?? 0) - (b.parsed?.startSeq ?? 0))
    .map((f) => ({ name: f.name, text: readFileSync(join(dir, f.name), 'utf8'), startSeq: f.parsed?.startSeq ?? 0 }))
}

/** Writes a small clean gate log: start, n decisions (with checkpoints), stop, checkpoint. */
export async function writeLog(dir: string, n: number, extra: Partial<AuditWriterOptions> = {}): Promise<AuditSigner> {
  const signer = extra.signer ?? newSigner()
  const w = await openAuditWriter({ dir, process: 'gate', signer, now: fakeClock(), checkpointEvery: 4, groupCommitDelayMs: 0, ...extra })
  for (let i = 0; i < n; i++) await w.append('decision', { decisionId: `d-${i}`, verdict: 'allow', tool: 'fs.read' })
  await w.close()
  return signer
}
