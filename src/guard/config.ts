/** @module guard/config: the zod schema of guard.yaml (the standalone guard), the single source of its types. */
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { KeySetSchema, applyDefaults, applyEnvOverrides, formatFault, parseYamlWithSchema, profileDefaults, shapeOf, unreadableFault } from '../config/index.js'
import type { Path, SchemaNode, SourceFault } from '../config/index.js'
import { VerbatimError } from '../errors/index.js'
import { PathCheckSchema } from './paths.js'

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

/** An HTTP executor on loopback (`http://127.0.0.1:9001`) or a unix socket (`unix:/run/tool.sock`). */
const HttpExecutorSchema = z.strictObject({
  http: z.string().refine((u) => {
    if (u.startsWith('unix:/')) return true
    try {
      const url = new URL(u)
      return url.protocol === 'http:' && LOOPBACK.test(url.hostname)
    } catch {
      return false
    }
  }, 'an http:// URL on loopback, or unix:/path.sock: the executor must not be reachable except through the guard').describe('Where the executor listens'),
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe('Time allowed for the executor to answer'),
  maxResponseBytes: z.number().int().min(1).default(16 * 1024 * 1024).describe('Largest executor response relayed'),
})

const CommandExecutorSchema = z.strictObject({
  command: z.array(z.string().min(1)).min(1).describe('argv of a child process speaking newline-delimited JSON on stdio'),
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe('Time allowed for one answer line; on timeout the child is killed and restarted'),
  maxQueue: z.number().int().min(0).max(100_000).default(64).describe('Calls waiting while one runs; beyond it ERR_GUARD_EXECUTOR_BUSY'),
  maxLineBytes: z.number().int().min(2).default(16 * 1024 * 1024).describe('Longest answer line accepted'),
  line: z.enum(['arguments', 'call']).default('arguments').describe('What each call line holds: the verified arguments bytes alone, or {"arguments":<those bytes>,"decisionId":…,"tool":…} (itself RFC 8785 canonical), so a child serving several tools learns which one'),
  cwd: z.string().optional().describe('Working directory of the child'),
})

const loopbackUrl = (u: string): boolean => {
  try {
    const url = new URL(u)
    return url.protocol === 'http:' && LOOPBACK.test(url.hostname)
  } catch {
    return false
  }
}

/** An unmodified MCP server: Streamable HTTP on loopback, or a stdio child per session. */
const McpExecutorSchema = z.strictObject({
  mcp: z.union([
    z.strictObject({
      http: z.string().refine(loopbackUrl, 'an http:// URL on loopback: the MCP server must not be reachable except through the guard').describe("The server's Streamable HTTP endpoint, e.g. http://127.0.0.1:3001/mcp"),
      timeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe("Time allowed for an answer's head"),
    }),
    z.strictObject({
      command: z.array(z.string().min(1)).min(1).describe('argv of a stdio MCP server; a child per session (at 2026-07-28, each agent\'s own children)'),
      cwd: z.string().optional().describe('Working directory of the children'),
      maxSessions: z.number().int().min(1).max(10_000).default(64).describe('Sessions (children) at once; a new initialize beyond it gets 503 ERR_GUARD_EXECUTOR_BUSY'),
      maxSessionsPerAgent: z.number().int().min(1).max(10_000).default(8).describe("Sessions one agent (the binding's agent) holds at once; its next initialize gets 503 ERR_GUARD_EXECUTOR_BUSY while other agents still open theirs"),
      sessionIdleSeconds: z.number().int().min(1).max(86_400).default(600).describe('A session its client has not used for this long (no request, no stream or answer open) is closed and its child stopped; its next request gets 404 and the client initializes again. Messages from the server do not count as use'),
    }),
  ]).describe('An MCP server the guard fronts: every message is verified before the server sees it'),
})

export const GuardConfigSchema = z.strictObject({
  listen: z.strictObject({
    host: z.string().default('127.0.0.1').describe('Address to bind'),
    port: z.number().int().min(0).max(65_535).default(9000).describe('Port to bind (0 picks a free one)'),
  }).prefault({}).describe('Where the guard listens (the gate forwards here)'),
  audience: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/).describe("This executor's audience, as in the gate's upstream config"),
  replicaId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'letters, digits, _ . - (a pod or host name), at most 63')
    .optional()
    .describe('Names this replica: its executed log is guard-{replicaId}, so replicas can share one audit volume. Default: none (the log is guard); under VERBATIM_PROFILE=container, $POD_NAME, else $HOSTNAME'),
  keys: KeySetSchema.describe('The gate keys the guard trusts'),
  replay: z.union([z.literal('memory'), z.strictObject({ redis: z.string().regex(/^rediss?:\/\//).describe('redis:// URL shared by all replicas') })])
    .default('memory').describe('Nonce store: memory (single replica; the restart rule applies) or redis'),
  audit: z.strictObject({ dir: z.string().default('.verbatim/guard-audit').describe('Directory of the executed log') }).prefault({}).describe('The executed log (write-ahead)'),
  signing: z.strictObject({
    keyFile: z.string().min(1).optional().describe("The guard's own Ed25519 key (verbatim keys generate); without it an ephemeral key signs receipts"),
  }).prefault({}).describe('How receipts and executed-log checkpoints are signed'),
  skewSeconds: z.number().int().min(0).max(300).default(30).describe('Allowed clock difference with the gate'),
  maxTtlSeconds: z.number().int().min(1).max(3600).default(300).describe('Longest binding window accepted'),
  maxBodyBytes: z.number().int().min(2).max(64 * 1024 * 1024).default(1024 * 1024).describe('Largest request body'),
  maxConnections: z.number().int().min(1).max(1_000_000).default(1024).describe('Open connections at once, never exceeded; a new connection that finds no room closes the oldest unauthenticated one with no request in progress, or else gets 503 ERR_GUARD_OVERLOADED and is closed'),
  maxUnauthenticatedConnections: z.number().int().min(1).max(1_000_000).optional().describe('Open connections on which no request has yet carried a verified binding (default: half of maxConnections); the rest of maxConnections is kept for the gate\'s. Beyond it a new connection closes the oldest of them that has waited 1 s with no request in progress (503 ERR_GUARD_OVERLOADED, Retry-After); if each has a request in progress, the new one is refused so'),
  headersTimeoutMs: z.number().int().min(1).max(600_000).default(10_000).describe('Time allowed for a request head to arrive, from the connection\'s start or the request\'s first byte; beyond it 408 ERR_INTAKE_HEADERS_TIMEOUT and the connection is closed (checked at least once a second)'),
  idleTimeoutMs: z.number().int().min(1).max(600_000).default(5_000).describe('A connection waiting for a request that receives nothing for this long is closed: a new connection that sends nothing, or a keep-alive one between requests (which is told Keep-Alive: timeout and closed 1 s after it)'),
  maxInflightBodyBytes: z.number().int().min(1024).default(64 * 1024 * 1024).describe('Body bytes buffered across all requests at once; beyond it 503 ERR_GUARD_OVERLOADED'),
  bodyTimeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe('Time allowed for a whole body to arrive; beyond it 408 ERR_INTAKE_BODY_TIMEOUT'),
  executor: z.union([HttpExecutorSchema, CommandExecutorSchema, McpExecutorSchema]).describe('The executor the guard hands verified bytes to'),
  paths: PathCheckSchema.optional(),
  approvals: z.strictObject({
    trustFile: z.string().min(1).describe('The approvers this guard trusts, with their groups and passkeys\' public keys: the JSON `verbatim approvers export` writes'),
    require: z.array(z.strictObject({
      tools: z.array(z.string().min(1)).min(1).describe('Tool names as the decision names them (exact, or a prefix ending in *)'),
      group: z.string().min(1).describe('The approver group whose members must approve'),
      approvers: z.number().int().min(1).max(5).default(1).describe('How many distinct trusted members of the group'),
    })).min(1).describe('Tools that run only with a person\'s approval: the guard verifies the approvers\' assertions itself (docs/binding.md §14), so a gate that is not to be trusted cannot run them without'),
  }).optional().describe('Human approvals the guard requires (docs/approvals.md)'),
})

export type GuardConfig = z.infer<typeof GuardConfigSchema>
export type GuardConfigInput = z.input<typeof GuardConfigSchema>
export type HttpExecutorConfig = z.infer<typeof HttpExecutorSchema>
export type CommandExecutorConfig = z.infer<typeof CommandExecutorSchema>
export type McpExecutorConfig = z.infer<typeof McpExecutorSchema>

function configError(message: string, detail?: Record<string, unknown>): VerbatimError {
  return new VerbatimError('ERR_CONFIG_INVALID', message, detail === undefined ? {} : { detail })
}

type Env = Readonly<Record<string, string | undefined>>

export interface LoadedGuardConfig {
  config: GuardConfig
  file: string
  /** `VERBATIM_GUARD_… -> path` for each environment override applied. */
  overrides: string[]
  /** A config read from a file: a fault at one of its values, at its file:line:col or at the variable that set it. */
  at?: (path: Path, message: string) => SourceFault
}

/** The JSON Schema (draft 2020-12) of guard.yaml, from the zod schema (`verbatim guard config schema`). */
export function guardConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(GuardConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}

/** The executed log's process name: `guard`, or `guard-{replicaId}` for one replica of several sharing a volume. */
export function executedLogName(config: Pick<GuardConfig, 'replicaId'>): string {
  return config.replicaId === undefined ? 'guard' : `guard-${config.replicaId}`
}

/** Profile defaults, then VERBATIM_GUARD_… overrides, on a plain tree; returns the overrides applied. */
function prepareTree(tree: Record<string, unknown>, env: Env): string[] {
  applyDefaults(tree, profileDefaults(env, 'guard'))
  return applyEnvOverrides(tree, env, shapeOf(guardConfigJsonSchema() as SchemaNode), 'guard')
}

/** A fault in a value that a variable set is reported against that variable, not the file. */
function blameOverride(f: SourceFault, overrides: readonly string[]): SourceFault {
  for (const o of overrides) {
    const [name, path] = o.split(' -> ') as [string, string]
    if (f.message.startsWith(`${path}:`) || f.message.startsWith(`${path}.`)) return { ...f, file: `${name} (environment)`, line: 0, col: 0 }
  }
  return f
}

/**
 * Validates guard.yaml text with the profile's defaults and VERBATIM_GUARD_… overrides from `env`
 * applied; faults are `file:line:col: message`. Relative paths resolve against the file.
 */
export function readGuardConfig(file: string, text: string, env: Env = {}): LoadedGuardConfig {
  let overrides: string[] = []
  const parsed = parseYamlWithSchema(file, text, GuardConfigSchema, (raw) => {
    const tree = raw ?? {}
    if (typeof tree !== 'object' || Array.isArray(tree)) throw new Error('expected a mapping at the top level')
    overrides = prepareTree(tree as Record<string, unknown>, env)
    return tree
  })
  if (parsed.data === undefined) {
    const faults = parsed.faults.map((f) => blameOverride(f, overrides))
    throw configError(faults.map(formatFault).join('\n'), { faults })
  }
  const at = (path: Path, message: string): SourceFault => blameOverride(parsed.fault(path, `${path.map(String).join('.')}: ${message}`), overrides)
  return { config: resolvePaths(parsed.data, dirname(resolve(file))), file, overrides, at }
}

/** Validates guard.yaml text (no environment); see readGuardConfig. */
export function parseGuardConfig(file: string, text: string, env: Env = {}): GuardConfig {
  return readGuardConfig(file, text, env).config
}

function resolvePaths(c: GuardConfig, base: string): GuardConfig {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p))
  const out: GuardConfig = { ...c, audit: { dir: abs(c.audit.dir) } }
  if ('jwksFile' in c.keys) out.keys = { jwksFile: abs(c.keys.jwksFile) }
  if (c.signing.keyFile !== undefined) out.signing = { keyFile: abs(c.signing.keyFile) }
  if ('command' in c.executor && c.executor.cwd !== undefined) out.executor = { ...c.executor, cwd: abs(c.executor.cwd) }
  if ('mcp' in c.executor && 'command' in c.executor.mcp && c.executor.mcp.cwd !== undefined) out.executor = { mcp: { ...c.executor.mcp, cwd: abs(c.executor.mcp.cwd) } }
  if (c.paths !== undefined) out.paths = { ...c.paths, roots: c.paths.roots.map(abs) }
  if (c.approvals !== undefined) out.approvals = { ...c.approvals, trustFile: abs(c.approvals.trustFile) }
  return out
}

/** Validates an already-built config object (flags), with the same schema. */
export function checkGuardConfig(input: GuardConfigInput): GuardConfig {
  const r = GuardConfigSchema.safeParse(input)
  if (!r.success) throw configError(r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'))
  return r.data
}

/**
 * A config built from flags, over the profile's defaults and the VERBATIM_GUARD_… variables: a flag
 * wins over a variable, a variable over a default.
 */
export function buildGuardConfig(flags: Record<string, unknown>, env: Env = {}): LoadedGuardConfig {
  const tree: Record<string, unknown> = {}
  let overrides: string[]
  try {
    overrides = prepareTree(tree, env)
  } catch (e) {
    throw configError((e as Error).message)
  }
  mergeOver(tree, flags)
  return { config: checkGuardConfig(tree as GuardConfigInput), file: '(flags)', overrides }
}

function mergeOver(tree: Record<string, unknown>, top: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(top)) {
    if (v === undefined) continue
    const have = tree[k]
    const plain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
    // An executor or key set given by flags replaces the variables' one whole: its alternatives do not mix.
    if (plain(have) && plain(v) && k !== 'executor' && k !== 'keys') mergeOver(have, v)
    else tree[k] = v
  }
}

/** Reads and validates guard.yaml with the profile and VERBATIM_GUARD_… variables of `env` applied. */
export async function readGuardConfigFile(file: string, env: Env): Promise<LoadedGuardConfig> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    const fault = unreadableFault(file, cause)
    throw new VerbatimError('ERR_CONFIG_INVALID', formatFault(fault), { cause, detail: { faults: [fault] } })
  }
  return readGuardConfig(file, text, env)
}

/** Reads and validates guard.yaml; `env` supplies the profile and VERBATIM_GUARD_… overrides (none by default). */
export async function loadGuardConfig(file: string, env: Env = {}): Promise<GuardConfig> {
  return (await readGuardConfigFile(file, env)).config
}
