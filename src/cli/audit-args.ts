/** @module cli/audit-args: shared option parsing for the audit subcommands. */
import { readFile } from 'node:fs/promises'
import type { AuditPublicKey, AuditRecord } from '../audit/index.js'
import { parseRecords } from '../audit/index.js'

/** `60s`, `5m`, `1h`, `250ms` or a bare number of seconds, to milliseconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim())
  if (m === null) throw new Error(`bad duration '${s}' (use e.g. 60s, 5m, 250ms)`)
  const n = Number(m[1])
  const unit = m[2] ?? 's'
  return n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[unit]!
}

/** An ISO date or epoch milliseconds. */
export function parseInstant(s: string): number {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s)
  if (!Number.isFinite(n)) throw new Error(`bad time '${s}' (use ISO 8601 or epoch ms)`)
  return n
}

/** Ed25519 public keys from a JWK or a JWKS file: the off-host trusted keys. */
export async function loadTrustedKeys(path: string): Promise<AuditPublicKey[]> {
  const doc = JSON.parse(await readFile(path, 'utf8')) as { keys?: unknown[] } & Record<string, unknown>
  const list = Array.isArray(doc.keys) ? doc.keys : [doc]
  return list.map((k) => {
    const j = k as Record<string, unknown>
    if (j['kty'] !== 'OKP' || j['crv'] !== 'Ed25519' || typeof j['x'] !== 'string' || typeof j['kid'] !== 'string') {
      throw new Error(`${path}: each key must be an Ed25519 OKP JWK with kid and x`)
    }
    return { kid: j['kid'], x: j['x'] }
  })
}

/** Checkpoint records from a file of shipped lines (other record types are ignored). */
export async function loadCheckpoints(path: string): Promise<AuditRecord[]> {
  return parseRecords(await readFile(path, 'utf8')).filter((r) => r.type === 'checkpoint')
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}
