/** @module config/env: VERBATIM_… environment overrides and profile defaults, mapped onto the config tree by the schema's keys. */
import { VerbatimError } from '../errors/index.js'
import { closestName } from './suggest.js'
import type { SourceFault } from './yaml-source.js'

/** camelCase → CAMEL_CASE, the spelling of one path segment in a variable name. */
export function envSegment(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()
}

function coerce(raw: string): unknown {
  const t = raw.trim()
  if (/^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/s.test(t)) {
    try {
      return JSON.parse(t)
    } catch {
      return raw
    }
  }
  return raw
}

type Shape = { keys: readonly string[]; child: (key: string) => Shape | undefined }

/** Whose variables: the gate reads VERBATIM_…, the standalone guard VERBATIM_GUARD_…. */
export type ConfigRole = 'gate' | 'guard'

const PREFIX: Record<ConfigRole, string> = { gate: 'VERBATIM_', guard: 'VERBATIM_GUARD_' }

/** Variables of the processes themselves (config file, profile, log level, worker id), never config overrides. */
const RESERVED: ReadonlySet<string> = new Set([
  'VERBATIM_CONFIG', 'VERBATIM_PROFILE', 'VERBATIM_GUARD_CONFIG', 'VERBATIM_LOG_LEVEL', 'VERBATIM_GUARD_LOG_LEVEL', 'VERBATIM_WORKER_ID', 'VERBATIM_REGENERATE_SESSION',
])

/** Variables under a role's prefix that name no field: the config file, the profile, tests, tokens, the other role. */
function notAField(name: string, role: ConfigRole): boolean {
  if (RESERVED.has(name)) return true
  if (name.startsWith('VERBATIM_TEST_') || name.startsWith('VERBATIM_TOKEN') || name.startsWith('VERBATIM_DEMO_')) return true
  return role === 'gate' && name.startsWith(PREFIX.guard)
}

/**
 * Applies overrides such as VERBATIM_LISTEN_PORT=9000 (listen.port), VERBATIM_LIMITS_MAX_BODY_BYTES,
 * VERBATIM_UPSTREAMS_0_URL (array index), or a whole subtree as JSON: VERBATIM_AGENTS='[…]'. A
 * `listen` variable may also be HOST:PORT (VERBATIM_LISTEN=0.0.0.0:8080). The guard's variables
 * start with VERBATIM_GUARD_ and the gate ignores them. Returns the paths it set, so the start-up
 * log can name them. Variables that name no field are refused all at once, each with the variable
 * it was probably meant to be (ERR_CONFIG_INVALID, `detail.faults`).
 */
export function applyEnvOverrides(
  tree: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  shape: Shape,
  role: ConfigRole = 'gate',
): string[] {
  const applied: string[] = []
  const faults: SourceFault[] = []
  const prefix = PREFIX[role]
  for (const [name, raw] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!name.startsWith(prefix) || raw === undefined || notAField(name, role)) continue
    const path = resolvePath(name.slice(prefix.length), shape)
    if (path === undefined) {
      const best = closestName(name.slice(prefix.length), variableSuffixes(shape))
      faults.push({ file: `${name} (environment)`, line: 0, col: 0, message: `no config field matches this variable${best === undefined ? '' : `; did you mean ${prefix}${best}?`}` })
      continue
    }
    setIn(tree, path, path.length === 1 && path[0] === 'listen' ? hostPort(raw) : coerce(raw))
    applied.push(`${name} -> ${path.join('.')}`)
  }
  if (faults.length > 0) {
    throw new VerbatimError('ERR_CONFIG_INVALID', faults.map((f) => `${f.file}: ${f.message}`).join('\n'), { detail: { faults } })
  }
  return applied
}

/** Every variable suffix the shape allows (array elements as index 0), for "did you mean". */
function variableSuffixes(shape: Shape | undefined, depth = 0): string[] {
  if (shape === undefined || depth > 6) return []
  return shape.keys.flatMap((k) => {
    const seg = k === '#' ? '0' : envSegment(k)
    return [seg, ...variableSuffixes(shape.child(k), depth + 1).map((t) => `${seg}_${t}`)]
  })
}

/** `0.0.0.0:8080` or `[::]:8080` → { host, port }; anything else is read as usual (a JSON object). */
function hostPort(raw: string): unknown {
  const m = /^\[?([^[\]]*?)\]?:(\d{1,5})$/.exec(raw.trim())
  return m === null ? coerce(raw) : { host: m[1], port: Number(m[2]) }
}

/** Profiles: defaults for the fields a config leaves out, chosen by VERBATIM_PROFILE. */
export const PROFILES = ['container'] as const
export type Profile = (typeof PROFILES)[number]

/** Where the image keeps what it writes: its only writable volumes. */
export const CONTAINER_AUDIT_DIR = '/var/lib/verbatim/audit'

/**
 * The defaults a profile supplies for one role, or undefined without VERBATIM_PROFILE. Under
 * `container` both roles listen on 0.0.0.0:8080 and write their logs to /var/lib/verbatim/audit,
 * and a guard takes its replica id from POD_NAME, else HOSTNAME (docs/guard-config.md).
 */
export function profileDefaults(env: Readonly<Record<string, string | undefined>>, role: ConfigRole): Record<string, unknown> | undefined {
  const name = env.VERBATIM_PROFILE
  if (name === undefined || name === '') return undefined
  if (!(PROFILES as readonly string[]).includes(name)) {
    const best = closestName(name, PROFILES)
    throw new VerbatimError('ERR_CONFIG_INVALID', `VERBATIM_PROFILE: unknown profile '${name}' (known: ${PROFILES.join(', ')})${best === undefined ? '' : `; did you mean '${best}'?`}`)
  }
  const common = { listen: { host: '0.0.0.0', port: 8080 }, audit: { dir: CONTAINER_AUDIT_DIR } }
  if (role === 'gate') return common
  const replica = env.POD_NAME || env.HOSTNAME
  return replica ? { ...common, replicaId: replica } : common
}

/** Fills in `defaults` wherever `tree` has no value, recursively; what the file says stays. */
export function applyDefaults(tree: Record<string, unknown>, defaults: Readonly<Record<string, unknown>> | undefined): void {
  for (const [key, value] of Object.entries(defaults ?? {})) {
    const have = tree[key]
    if (have === undefined || have === null) tree[key] = structuredClone(value)
    else if (isPlainObject(have) && isPlainObject(value)) applyDefaults(have, value)
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function resolvePath(rest: string, shape: Shape | undefined): (string | number)[] | undefined {
  if (rest === '') return []
  const idx = /^(\d+)(?:_|$)(.*)$/.exec(rest)
  if (idx && shape?.keys.includes('#')) {
    const tail = resolvePath(idx[2] ?? '', shape.child('#'))
    return tail && [Number(idx[1]), ...tail]
  }
  for (const key of shape?.keys ?? []) {
    const seg = envSegment(key)
    if (rest === seg || rest.startsWith(seg + '_')) {
      const tail = resolvePath(rest.slice(seg.length + 1), shape?.child(key))
      if (tail) return [key, ...tail]
    }
  }
  return undefined
}

function setIn(tree: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = tree
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value
      return
    }
    const next = node[key]
    if (typeof next !== 'object' || next === null) node[key] = typeof path[i + 1] === 'number' ? [] : {}
    node = node[key] as Record<string | number, unknown>
  })
}

/** The parts of a JSON Schema that the variable names follow. */
export interface SchemaNode {
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  anyOf?: SchemaNode[]
  oneOf?: SchemaNode[]
  [k: string]: unknown
}

/**
 * Object keys by name and array elements as '#', for a JSON Schema whose unions (anyOf/oneOf) are
 * walked too: a variable may name a field of any alternative (VERBATIM_GUARD_EXECUTOR_HTTP).
 */
export function shapeOf(schemas: SchemaNode | readonly SchemaNode[]): Shape {
  const flat = (list: readonly SchemaNode[]): SchemaNode[] => list.flatMap((s) => (s.anyOf ?? s.oneOf ? flat([...(s.anyOf ?? []), ...(s.oneOf ?? [])]) : [s]))
  const alts = flat(Array.isArray(schemas) ? schemas : [schemas as SchemaNode])
  const keys = [...new Set(alts.flatMap((s) => Object.keys(s.properties ?? {})))]
  const items = alts.flatMap((s) => (s.items === undefined ? [] : [s.items]))
  if (keys.length > 0) return { keys, child: (k) => shapeOf(alts.flatMap((s) => (s.properties?.[k] === undefined ? [] : [s.properties[k]]))) }
  if (items.length > 0) return { keys: ['#'], child: () => shapeOf(items) }
  return { keys: [], child: () => undefined }
}
