/** @module cli/audit-args: shared option parsing for the audit subcommands: durations, instants, trust anchors, filters. */
import { readFile } from 'node:fs/promises'
import type { AuditPublicKey, AuditRecord } from '../audit/index.js'
import type { AuditFilter } from '../auditor/index.js'
import { parseRecords } from '../audit/index.js'

/** `60s`, `5m`, `1h`, `2d`, `250ms` or a bare number of seconds, to milliseconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(s.trim())
  if (m === null) throw new Error(`bad duration '${s}' (use e.g. 60s, 5m, 250ms)`)
  const n = Number(m[1])
  const unit = m[2] ?? 's'
  return n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as Record<string, number>)[unit]!
}

/** An ISO date, epoch milliseconds, or a duration before `now` (`1h`: an hour ago). */
export function parseInstant(s: string, now?: number): number {
  if (now !== undefined && /^\d+(?:\.\d+)?(ms|s|m|h|d)$/.test(s.trim())) return now - parseDuration(s)
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s)
  if (!Number.isFinite(n)) throw new Error(`bad time '${s}' (use ISO 8601, epoch ms, or a duration ago such as 1h)`)
  return n
}

/** Ed25519 public keys from a JWK or a JWK Set file: the off-host trust anchors. */
export async function loadTrustedKeys(path: string, needSet = false): Promise<AuditPublicKey[]> {
  let doc: { keys?: unknown[] } & Record<string, unknown>
  try {
    doc = JSON.parse(await readFile(path, 'utf8')) as typeof doc
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`)
  }
  if (needSet && !Array.isArray(doc.keys)) throw new Error(`${path}: --jwks needs a JWK Set ({"keys": [...]}); pass a single JWK with --key`)
  const list = Array.isArray(doc.keys) ? doc.keys : [doc]
  return list.map((k) => {
    const j = k as Record<string, unknown>
    if (j['kty'] !== 'OKP' || j['crv'] !== 'Ed25519' || typeof j['x'] !== 'string' || typeof j['kid'] !== 'string') {
      throw new Error(`${path}: each key must be an Ed25519 OKP JWK with kid and x`)
    }
    return { kid: j['kid'], x: j['x'] }
  })
}

/** The trust anchors of `--key FILE` and `--jwks FILE` (both repeatable), or undefined when none was given. */
export async function loadAnchors(v: { key?: string[] | undefined; jwks?: string[] | undefined }): Promise<AuditPublicKey[] | undefined> {
  if (v.key === undefined && v.jwks === undefined) return undefined
  const keys: AuditPublicKey[] = []
  for (const k of v.key ?? []) keys.push(...(await loadTrustedKeys(k)))
  for (const k of v.jwks ?? []) keys.push(...(await loadTrustedKeys(k, true)))
  return keys
}

/** The two sides of a reconcile (gate logs, guard logs), its grace and --json: reconcile and report take them alike. */
export const PAIR_OPTIONS = {
  approved: { type: 'string', multiple: true },
  executed: { type: 'string', multiple: true },
  grace: { type: 'string', default: '60s' },
  json: { type: 'boolean', default: false },
} as const

export const TRUST_OPTIONS = {
  key: { type: 'string', multiple: true },
  jwks: { type: 'string', multiple: true },
} as const

export const TRUST_HELP = [
  '  --key FILE     a trusted public key kept off the host (a JWK, or a JWK Set); repeatable',
  '  --jwks FILE    a trusted JWK Set, e.g. the jwks.json of verbatim keys generate; repeatable',
]

/** Checkpoint records from a file of shipped lines (other record types are ignored). */
export async function loadCheckpoints(path: string): Promise<AuditRecord[]> {
  return parseRecords(await readFile(path, 'utf8')).filter((r) => r.type === 'checkpoint')
}

export const FILTER_OPTIONS = {
  agent: { type: 'string', multiple: true },
  tool: { type: 'string', multiple: true },
  since: { type: 'string' },
  until: { type: 'string' },
  verdict: { type: 'string', multiple: true },
  code: { type: 'string', multiple: true },
  decision: { type: 'string', multiple: true },
  now: { type: 'string' },
} as const

export const FILTER_SYNOPSIS = '[--agent ID] [--tool NAME] [--since T] [--until T] [--verdict V] [--code CODE] [--decision ID] [--now T]'

export const FILTER_HELP = [
  '',
  'filters (repeatable or comma-separated; a record without a field takes it from its decision):',
  '  --agent ID       the agent',
  '  --tool NAME      the tool, or a prefix ending in * (fs.*)',
  '  --since T        from T (inclusive): ISO 8601, epoch ms, or a duration ago (1h, 30m)',
  '  --until T        before T (exclusive), the same forms',
  '  --verdict V      the gate\'s verdict: allow, deny or reject',
  '  --code CODE      an error code: the decision\'s (ERR_POLICY_DENIED) or the guard\'s refusal',
  '  --decision ID    one decision id',
  '  --now T          the instant durations count back from (default: now)',
]

const list = (v: string[] | undefined): string[] | undefined => (v === undefined ? undefined : v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== ''))

/** The instant of --now, or the clock's. */
export function nowOf(v: Readonly<Record<string, unknown>>, clock: () => number = Date.now): number {
  return typeof v['now'] === 'string' ? parseInstant(v['now']) : clock()
}

/** The filter the flags describe; relative times count back from `now`. */
export function parseFilter(v: Readonly<Record<string, string | string[] | boolean | undefined>>, now: number): AuditFilter {
  const f: AuditFilter = {}
  const many = (x: string | string[] | boolean | undefined): string[] | undefined => list(typeof x === 'string' ? [x] : Array.isArray(x) ? x : undefined)
  const agent = many(v.agent)
  const tool = many(v.tool)
  const verdict = many(v.verdict)
  const code = many(v.code)
  const decision = many(v.decision)
  if (agent !== undefined) f.agent = agent
  if (tool !== undefined) f.tool = tool
  if (verdict !== undefined) {
    for (const x of verdict) if (!['allow', 'deny', 'reject'].includes(x)) throw new Error(`bad --verdict '${x}' (allow, deny or reject)`)
    f.verdict = verdict
  }
  if (code !== undefined) f.code = code
  if (decision !== undefined) f.decision = decision
  if (typeof v.since === 'string') f.since = parseInstant(v.since, now)
  if (typeof v.until === 'string') f.until = parseInstant(v.until, now)
  return f
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}
