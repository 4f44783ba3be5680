/** @module config/schema: the zod schema of verbatim.yaml, the single source of the config types. */
import { z } from 'zod'
import { trustedJwksUrl } from '../binding/index.js'
import { ApprovalsSchema } from './approvals.js'
import { didYouMean } from './suggest.js'

/** RFC 9110 §7.6.1 hop-by-hop fields, framing, and credentials: the gate sets or drops these itself. */
const NEVER_FORWARDED: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'proxy-authorization', 'proxy-authenticate', 'host', 'authorization', 'cookie', 'cookie2', 'set-cookie', 'expect',
  // Headers that re-route or re-describe the request outside the signature, or change the answer's coding.
  'forwarded', 'x-http-method-override', 'x-http-method', 'x-method-override', 'x-original-url', 'x-rewrite-url',
  'digest', 'repr-digest', 'want-digest', 'want-repr-digest', 'want-content-digest', 'accept-encoding',
])
const NEVER_FORWARDED_PREFIXES = ['content-', 'signature', 'verbatim-', 'x-forwarded-', 'proxy-']

const toolPattern = z
  .string()
  .regex(/^(\*|[a-z0-9][a-z0-9_.-]{0,127}|[a-z0-9][a-z0-9_.-]{0,126}\*)$/, 'a tool name, a prefix ending in *, or *')

const TokenSchema = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name: A-Z, 0-9 and _, not starting with a digit').describe('Name of the environment variable that holds the token') }),
  z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits: the SHA-256 of the token').describe('Lowercase hex SHA-256 of the token') }),
], { error: (iss) => (typeof iss.input === 'string' ? 'a token is never written in plain text: give { env: NAME }, the variable that holds it, or { sha256: HEX }, its hex SHA-256' : undefined) })

export const AgentSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/).describe('Agent id, as policies name it'),
  token: TokenSchema.describe('Bearer token, never in plain text: { env: NAME } or { sha256: HEX }'),
})

/** A trusted key set: a pinned JWKS file, or a JWKS URL that is https or on loopback (never cleartext across the path it protects). */
export const KeySetSchema = z.union([
  z.strictObject({
    jwksUrl: z.url({ protocol: /^https?$/ }).refine((u) => {
      try {
        return trustedJwksUrl(u) instanceof URL
      } catch {
        return false
      }
    }, 'https, or http on loopback only: the key set must not travel in cleartext over the path it protects').describe('A JWKS URL (https, or http on loopback)'),
  }),
  z.strictObject({ jwksFile: z.string().min(1).describe('A JWKS file ({"keys":[…]}), e.g. the jwks.json that verbatim keys generate writes') }),
])

const ToolEntry = {
  name: z.string().min(1).describe('The tool name, as policies and POST /v1/tools/{tool} spell it'),
  inputSchema: z.record(z.string(), z.json()).describe('The JSON Schema of the tool\'s arguments'),
}

/** A file of tool schemas: the shape of an MCP tools/list result, so a saved one serves as is (other keys are ignored). */
export const ToolListFileSchema = z.looseObject({ tools: z.array(z.looseObject(ToolEntry)) })

/** Where an upstream's tool input schemas come from, for `verbatim policy check` and the gate's start-up check. */
export const ToolSchemasSchema = z.union([
  z.strictObject({ file: z.string().min(1).describe('A JSON or YAML file shaped like an MCP tools/list result: { tools: [{ name, inputSchema }] }') }),
  z.strictObject({ tools: z.array(z.strictObject({ ...ToolEntry, description: z.string().optional() })).describe('The tools, each { name, inputSchema }') }),
])

export const UpstreamSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/).describe('Name that routes refer to'),
  url: z.url({ protocol: /^https?$/ }).describe('Base URL of the guarded executor; the gate posts to {url}/v1/tools/{tool}'),
  audience: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/).describe("The executor's audience id, signed into every binding"),
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe('Total time allowed for the upstream to answer, body included (an MCP event stream: until its head); beyond it 504 ERR_GATE_UPSTREAM_TIMEOUT'),
  connectTimeoutMs: z.number().int().min(1).max(60_000).default(2_000).describe('Time allowed to open a connection to the upstream; beyond it the call was never sent (it is retried once, with the same binding)'),
  firstByteTimeoutMs: z.number().int().min(1).max(600_000).optional().describe("Time allowed from sending the call to the answer's head (default: timeoutMs); beyond it 504 ERR_GATE_UPSTREAM_TIMEOUT"),
  queueTimeoutMs: z.number().int().min(0).max(600_000).default(2_000).describe('Longest wait for a free slot when maxConcurrent calls are in flight; beyond it 503 ERR_GATE_OVERLOADED with a jittered Retry-After'),
  retryConnect: z.boolean().default(true).describe('Retry once, with the same binding, a call whose connection could not be opened (no byte was sent; the guard accepts each binding once, so it cannot run twice)'),
  circuit: z
    .strictObject({
      failures: z.number().int().min(1).max(10_000).default(5).describe('Consecutive connect failures or timeouts that open the circuit'),
      coolDownMs: z.number().int().min(1).max(600_000).default(5_000).describe('Time open before trial calls, drawn with jitter from half to one and a half times this'),
      trialCalls: z.number().int().min(1).max(100).default(3).describe('Calls let through when half-open; all must succeed to close the circuit'),
    })
    .prefault({})
    .describe('Circuit breaker: fail fast (503 ERR_GATE_CIRCUIT_OPEN, jittered Retry-After) while the upstream is down'),
  maxConcurrent: z.number().int().min(1).max(10_000).default(64).describe('Requests in flight to this upstream at once'),
  maxQueue: z.number().int().min(0).max(100_000).default(256).describe('Requests waiting for a slot before the gate answers 503'),
  maxResponseBytes: z.number().int().min(1).default(16 * 1024 * 1024).describe('Largest upstream response relayed to the agent'),
  guarded: z.boolean().default(true).describe('false only for an executor known not to verify bindings; the gate warns loudly'),
  receipts: KeySetSchema.optional().describe("The guard's receipt keys: every answer must carry a Verbatim-Receipt signed by one of them for this call, or the agent gets 502 ERR_GUARD_RECEIPT_INVALID and the upstream is marked unguarded. Without it the gate warns that answers are not verified"),
  toolSchemas: ToolSchemasSchema.optional().describe('The tools this upstream serves, with the JSON Schema of their arguments: { file } or { tools: [{ name, inputSchema }] }. verbatim policy check and the gate at start report rules for tools not on the list, and conditions the schemas rule out (docs/policy.md)'),
})

/** Methods that pass an MCP server without a policy decision (still canonicalised, bound and audited); the last two are MCP 2026-07-28's. */
export const DEFAULT_MCP_PASS = ['initialize', 'ping', 'notifications/*', 'tools/list', 'resources/list', 'prompts/list', 'server/discover', 'subscriptions/listen'] as const

export const McpServerSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/).describe('The server name: agents post to /mcp/{name}, and policies name its tools mcp:{name}/tools/call/{tool}'),
  upstream: z.string().describe('The upstream (its guard) that fronts this MCP server'),
  path: z.string().regex(/^\/[\x21-\x7e]*$/).default('/mcp').describe("The server's endpoint path on the upstream, appended to the upstream url"),
  pass: z
    .array(z.string().regex(/^[\x21-\x7e]{1,128}$/).refine((m) => !['tools/call', 'prompts/get', 'resources/read'].includes(m), 'tools/call, prompts/get and resources/read are always decided by policy'))
    .default([...DEFAULT_MCP_PASS])
    .describe('Methods that pass without a policy decision (a trailing * matches a prefix). Every other method is decided by policy as mcp:{name}/{method}, default deny'),
  allowedOrigins: z.array(z.string().min(1)).default([]).describe('Origin header values accepted (exact, e.g. https://app.example); a request without Origin is accepted, one with any other Origin is refused'),
  allowedHosts: z.array(z.string().min(1)).optional().describe("Host header values accepted (host:port); default: the gate's listen address, and localhost and 127.0.0.1 on its port when it listens on loopback"),
})

/** The gate's MCP session table: one agent can neither evict another's sessions nor hold the table for ever. */
export const McpSessionsSchema = z.strictObject({
  max: z.number().int().min(1).max(1_000_000).default(10_000).describe('Sessions held at once, all agents together; when full, a new session is refused (503 ERR_MCP_SESSIONS_FULL, Retry-After) unless the agent has one of its own to end'),
  maxPerAgent: z.number().int().min(1).max(1_000_000).default(64).describe("Sessions one agent may hold; at the cap its own least recently used session without a call in flight is ended, never another agent's (429 ERR_MCP_SESSION_QUOTA when all have calls in flight)"),
  idleSeconds: z.number().int().min(1).max(604_800).default(3600).describe('A session with no call in flight and no stream open for this long expires (its next request gets 404 ERR_MCP_SESSION and the client initializes again)'),
  store: z
    .union([
      z.literal('memory'),
      z.strictObject({
        redis: z.string().regex(/^rediss?:\/\//).describe('redis:// or rediss:// URL of the Redis every gate process and replica shares (the one the guards\' replay store uses will do)'),
        prefix: z.string().min(1).max(128).default('verbatim:mcp:').describe('Key prefix of the MCP state in that Redis'),
        timeoutMs: z.number().int().min(1).max(60_000).default(1000).describe('Longest wait for the store; beyond it the MCP request is refused (503 ERR_MCP_SESSION_STORE, Retry-After)'),
      }),
    ])
    .default('memory')
    .describe('Where sessions, their outstanding requests and the tools\' mirrored headers live: memory (one gate process: a restart ends every session) or redis (shared by serve --workers and every replica; a restarted gate keeps its sessions)'),
})

export const RouteSchema = z.strictObject({
  tools: z.array(toolPattern).min(1).describe('Exact tool names or prefixes such as fs.*'),
  upstream: z.string().describe('Upstream name'),
})

export const ConfigSchema = z
  .strictObject({
    listen: z
      .strictObject({
        host: z.string().default('127.0.0.1').describe('Address to bind'),
        port: z.number().int().min(0).max(65_535).default(8080).describe('Port to bind (0 picks a free one)'),
      })
      .prefault({})
      .describe('Where the gate listens'),
    policies: z.array(z.string().min(1)).min(1).describe('Policy files or directories'),
    agents: z.array(AgentSchema).min(1).describe('Agents allowed to call the gate'),
    upstreams: z.array(UpstreamSchema).min(1).describe('Guarded executors'),
    routes: z.array(RouteSchema).default([]).describe('Which /v1/tools tools go to which upstream; the most specific pattern wins'),
    mcp: z
      .strictObject({
        servers: z.array(McpServerSchema).default([]).describe('MCP servers served at /mcp/{name} (Streamable HTTP)'),
        sessions: McpSessionsSchema.prefault({}).describe('The MCP session table: per-agent caps, a global cap, idle expiry (docs/mcp.md)'),
      })
      .prefault({})
      .describe('Model Context Protocol servers behind the gate'),
    signing: z
      .strictObject({
        keyFile: z.string().min(1).describe('Ed25519 private key, PKCS#8 PEM (verbatim keys generate)'),
        keyId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{43}$/)
          .optional()
          .describe('Expected key id: the RFC 7638 thumbprint of the key, which is always the kid. If set, a different key refuses the start'),
        ttlSeconds: z.number().int().min(1).max(3600).default(60).describe('Lifetime of a binding'),
        previousKeys: z.array(z.string()).default([]).describe('Public JWK files of retired keys still inside their rotation window; published in the JWKS'),
      })
      .describe('How bindings are signed'),
    audit: z
      .strictObject({
        dir: z.string().default('.verbatim/audit').describe('Directory of the approved (gate) log'),
        checkpointEvery: z.number().int().min(1).default(1000).describe('Records between signed checkpoints'),
        checkpointIntervalMs: z.number().int().min(100).default(10_000).describe('Time between signed checkpoints'),
        arguments: z.enum(['none', 'redacted', 'full']).default('none').describe('What each decision record keeps of the canonical arguments: none (only their digest), redacted (the arguments, with each audit.redact value replaced by sha256: and the digest of what was there) or full'),
        redact: z.array(z.string().regex(/^(?:\/(?:[^~/]|~[01])*)*$/, 'an RFC 6901 JSON Pointer, e.g. /env or /headers/authorization')).default([]).describe('RFC 6901 JSON Pointers redacted when audit.arguments is redacted'),
      })
      .refine((a) => a.arguments !== 'redacted' || a.redact.length > 0, { message: 'audit.arguments: redacted needs at least one pointer in audit.redact', path: ['redact'] })
      .prefault({})
      .describe('Write-ahead audit log'),
    limits: z
      .strictObject({
        maxBodyBytes: z.number().int().min(2).max(64 * 1024 * 1024).default(1024 * 1024).describe('Largest request body; reading stops here (413)'),
        maxDepth: z.number().int().min(1).max(1024).default(64).describe('Deepest nesting of arrays and objects'),
        maxConnections: z.number().int().min(1).max(1_000_000).default(1024).describe('Open client connections at once, never exceeded; a new connection that finds no room closes the oldest unauthenticated one with no request in progress, or else gets 503 ERR_GATE_OVERLOADED and is closed'),
        maxUnauthenticatedConnections: z.number().int().min(1).max(1_000_000).optional().describe('Open connections on which no request has yet carried a valid bearer token (default: half of maxConnections); the rest of maxConnections is kept for authenticated ones. Beyond it a new connection closes the oldest of them that has waited 1 s with no request in progress (503 ERR_GATE_OVERLOADED, Retry-After); if each has a request in progress, the new one is refused so'),
        headersTimeoutMs: z.number().int().min(1).max(600_000).default(10_000).describe('Time allowed for a request head to arrive, from the connection\'s start or the request\'s first byte; beyond it 408 ERR_INTAKE_HEADERS_TIMEOUT and the connection is closed (checked at least once a second)'),
        idleTimeoutMs: z.number().int().min(1).max(600_000).default(5_000).describe('A connection waiting for a request that receives nothing for this long is closed: a new connection that sends nothing, or a keep-alive one between requests (which is told Keep-Alive: timeout and closed 1 s after it)'),
        maxInflightBodyBytes: z.number().int().min(1024).default(64 * 1024 * 1024).describe('Body bytes buffered across all requests at once; a body that would exceed it gets 503 ERR_GATE_OVERLOADED'),
        bodyTimeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe('Time allowed for a whole body to arrive once its headers are in; beyond it 408 ERR_INTAKE_BODY_TIMEOUT'),
      })
      .refine((l) => l.maxUnauthenticatedConnections === undefined || l.maxUnauthenticatedConnections <= l.maxConnections, { message: 'at most maxConnections', path: ['maxUnauthenticatedConnections'] })
      .prefault({})
      .describe('Input limits'),
    canonical: z
      .strictObject({
        rejectCaseCollisions: z.boolean().default(true).describe('Reject keys that collide under case folding (Go encoding/json reads them as one key)'),
        rejectPrototypeKeys: z.boolean().default(true).describe('Reject __proto__ and constructor.prototype keys'),
      })
      .prefault({})
      .describe('Strict-parse profile'),
    forward: z
      .strictObject({
        headers: z
          .array(
            z
              .string()
              .regex(/^[a-z0-9-]+$/)
              .refine((h) => !NEVER_FORWARDED.has(h) && !NEVER_FORWARDED_PREFIXES.some((p) => h.startsWith(p)), {
                message: 'hop-by-hop, framing, credential and binding headers are never forwarded',
              }),
          )
          .default([])
          .describe('Agent request headers forwarded upstream (lowercase); none by default. Hop-by-hop (RFC 9110 §7.6.1), framing, credential, method- or path-override, Forwarded/X-Forwarded-*, digest, Accept-Encoding, Content-*, Signature* and Verbatim-* headers are refused'),
      })
      .prefault({})
      .describe('What the gate forwards besides the canonical body'),
    approvals: ApprovalsSchema.optional().describe('Human approval of ask calls: approver groups, the console, holding (docs/approvals.md)'),
    probe: z
      .strictObject({
        intervalMs: z.number().int().min(0).default(60_000).describe('How often each upstream is re-probed for guarding (and its guard\'s /readyz read); after a failed probe, or while its guard is not ready, sooner: from 250 ms backing off to 2 s. 0 probes only at start'),
      })
      .prefault({})
      .describe('Unguarded-upstream detection'),
  })
  // Runs even when other fields have faults (`when`), so one fault does not hide another: each
  // list is read only as far as it is well formed.
  .superRefine((cfg, ctx) => {
    const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : [])
    const upstreams = list(cfg.upstreams)
    const names = upstreams.map((u) => u?.name).filter((n): n is string => typeof n === 'string')
    const known = new Set(names)
    const unknown = (name: string): string => `no upstream named '${name}'${didYouMean(name, names) || (names.length > 0 ? ` (upstreams: ${names.join(', ')})` : '')}`
    // Without a list of upstreams (missing, misspelt) no name can be checked against it.
    const named = Array.isArray(cfg.upstreams)
    const routes = list(cfg.routes)
    routes.forEach((r, i) => {
      if (named && typeof r?.upstream === 'string' && !known.has(r.upstream)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'upstream'], message: unknown(r.upstream) })
    })
    const mcpServers = list(cfg.mcp?.servers)
    if (Array.isArray(cfg.routes) && routes.length === 0 && mcpServers.length === 0) ctx.addIssue({ code: 'custom', path: ['routes'], message: 'give at least one route or one mcp server' })
    const servers = new Set<string>()
    mcpServers.forEach((m, i) => {
      if (named && typeof m?.upstream === 'string' && !known.has(m.upstream)) ctx.addIssue({ code: 'custom', path: ['mcp', 'servers', i, 'upstream'], message: unknown(m.upstream) })
      if (servers.has(m?.name)) ctx.addIssue({ code: 'custom', path: ['mcp', 'servers', i, 'name'], message: `duplicate mcp server '${m.name}'` })
      servers.add(m?.name)
    })
    const ids = new Set<string>()
    list(cfg.agents).forEach((a, i) => {
      if (typeof a?.id === 'string' && ids.has(a.id)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'id'], message: `duplicate agent id '${a.id}'` })
      ids.add(a?.id)
    })
  }, { when: () => true })

export type Config = z.infer<typeof ConfigSchema>
export type ConfigInput = z.input<typeof ConfigSchema>
export type Upstream = z.infer<typeof UpstreamSchema>
export type McpServerConfig = z.infer<typeof McpServerSchema>
export type AgentConfig = z.infer<typeof AgentSchema>
export type ApprovalsConfig = z.infer<typeof ApprovalsSchema>
