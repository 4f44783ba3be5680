/** @module gate/deps: everything the gate app needs, injected (time, ids, network, audit). */
import type { JWK } from 'jose'
import type { AuditArguments } from '../audit/index.js'
import type { McpServerConfig, Upstream } from '../config/index.js'
import type { CanonicalOptions } from '../canonical/index.js'
import type { KeyResolver, SigningKey } from '../binding/index.js'
import type { CompiledPolicy } from '../policy/index.js'
import type { Authenticator, BodyBudget } from '../intake/index.js'
import type { Forwarder, StreamForwarder } from './forward.js'
import type { Limiter } from './limiter.js'
import type { CallLine, GateMetrics } from '../observe/index.js'
import type { Circuit } from './circuit.js'
import type { McpSessionStore } from './mcp/sessions.js'
import type { ToolHeaderStore } from './mcp/tool-headers.js'
import type { ListenStreams } from './mcp/listens.js'
import type { LiveStreams } from '../http/index.js'
import type { RouteTable } from './routes.js'
import type { ApprovalDesk } from '../console/index.js'

/** The slice of the audit writer the gate uses: resolves once the record is durable (`lazy`: AppendOptions). */
export interface AuditSink {
  append(type: 'decision' | 'forward' | 'policy' | 'start' | 'stop' | 'approval' | 'enrolment', fields: Record<string, AuditField>, opts?: { lazy?: boolean }): Promise<unknown>
}
export type AuditField = string | number | boolean | null | AuditField[] | { [k: string]: AuditField }

/**
 * What the probes (and receipts) say of an upstream. Only 'guarded' is forwarded to, unless the
 * config says guarded: false. 'misconfigured': a guard is there but refuses correctly signed probes.
 */
export type GuardState = 'unknown' | 'guarded' | 'unguarded' | 'misconfigured'

/** A guard's /readyz answer: ready or not, its reasons, and when it expects to be (ISO 8601), if it says. */
export interface GuardReadiness {
  ok: boolean
  reasons: string[]
  readyAt?: string
}

export interface UpstreamRuntime {
  config: Upstream
  limiter: Limiter
  circuit: Circuit
  /** 'unknown' until probed. */
  guard: GuardState
  /** Why the state is not 'guarded': the probe answers or the receipt fault. */
  guardDetail?: string
  /** Set by a receipt fault: only a periodic probe (not an on-demand one) may clear the state. */
  receiptFault?: boolean
  /**
   * What the guard's own /readyz said at its last check (gate/guard-ready.ts): undefined until
   * checked, or when the upstream serves none (a guard inside the executor's process).
   */
  guardReady?: GuardReadiness
  /** The guard's receipt keys; without them answers are relayed unverified (the gate warns at start). */
  receiptKeys?: KeyResolver
}

/** One MCP server as the gate serves it at /mcp/{name}. */
export interface McpRuntime {
  config: McpServerConfig
  upstream: UpstreamRuntime
  allowedHosts: readonly string[] | undefined
}

/** The MCP servers the gate serves, the sessions opened through it, and the mirrored headers of their tools. */
export interface McpDeps {
  servers: ReadonlyMap<string, McpRuntime>
  sessions: McpSessionStore
  toolHeaders: ToolHeaderStore
  listens: ListenStreams
  /**
   * The long-lived streams relayed now (a session's GET stream, a subscriptions/listen), each by
   * the function that cuts it: they hold no call, so a stopping gate cuts them at once rather than
   * wait out its grace for them (the client opens them again, at another gate or after the restart).
   */
  streams: LiveStreams
  /** /mcp, one endpoint for many servers (mcp.federation), when configured. */
  federation?: Federation
}

export interface GateDeps {
  authenticate: Authenticator
  routes: RouteTable
  upstreams: ReadonlyMap<string, UpstreamRuntime>
  policy: () => CompiledPolicy
  signingKey: SigningKey
  /** Published at /.well-known/jwks.json: the current key and retired keys in their window. */
  publicKeys: readonly JWK[]
  audit: AuditSink
  forward: Forwarder
  /** The streaming forwarder (MCP answers); absent in unit tests of /v1/tools. */
  forwardStream?: StreamForwarder
  canonical: Required<CanonicalOptions>
  ttlSeconds: number
  forwardHeaders: readonly string[]
  /** Milliseconds since the epoch. */
  now: () => number
  newDecisionId: () => string
  newNonce: () => string
  /** Probes an upstream that is not known to be guarded again (rate-limited); absent in tests. */
  reprobe?: (u: UpstreamRuntime) => Promise<void>
  /** Looks at an upstream again after a call to it failed (rate-limited): Prober.recheck; absent in tests. */
  recheck?: (u: UpstreamRuntime) => Promise<void>
  /** The global budget of body bytes in flight; absent means unbounded (tests only). */
  bodyBudget?: BodyBudget & { readonly inUse: number; readonly highWater: number }
  /** A signal that aborts one request's body read when its time is up (limits.bodyTimeoutMs). */
  bodyDeadline?: () => AbortSignal
  /** Prometheus metrics, fed per call and served at /metrics (absent in unit tests). */
  metrics?: GateMetrics
  /** One structured line per call (pino in the gate's process); absent in unit tests. */
  callLog?: (line: CallLine) => void
  /** MCP servers served at /mcp/{name}, and the sessions opened through the gate. */
  mcp?: McpDeps
  /** Loud operator log lines (state changes, receipt faults); default stderr. */
  log?: (line: string) => void
  /** What decision records keep of the arguments (audit.arguments, audit.redact); default none. */
  auditArguments?: AuditArguments
  /** Human approval of ask calls (approvals: in verbatim.yaml); absent means an ask is refused (ERR_APPROVAL_UNAVAILABLE). */
  approvals?: ApprovalDesk
  /** Readiness beyond upstream guarding, e.g. the audit writer has not failed. */
  ready?: () => { ok: boolean; reasons: string[] }
  /** Why the process should be restarted (/healthz fails), e.g. its audit log failed for good; none: alive. */
  unhealthy?: () => string[]
}

/** The servers the federated endpoint /mcp serves (gate/mcp/federate). */
export interface Federation {
  servers: readonly string[]
  set: ReadonlySet<string>
  /** The gate's version, in the merged serverInfo. */
  version: string
}
