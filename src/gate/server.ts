/** @module gate/server: start the gate from a loaded config (the edge: keys, files, sockets, timers). */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { openAuditWriter, policyRecordFields } from '../audit/index.js'
import { closeServer, createByteBudget, listen, serveConnections } from '../http/index.js'
import type { ConnectionStats } from '../http/index.js'
import type { AuditWriter } from '../audit/index.js'
import { newNonce } from '../binding/index.js'
import { canonicalOptionsOf } from '../config/index.js'
import type { Config } from '../config/index.js'
import { VerbatimError } from '../errors/index.js'
import { namesAgent } from '../intake/index.js'
import { fromNode, writeReply } from './http/exchange.js'
import { problemReply } from './http/problem.js'
import { createRouter } from './router.js'
import { onClientError, overloadedBytes, refuseFraming, shedReason } from './client-error.js'
import type { AuditField, GateDeps, McpRuntime, UpstreamRuntime } from './deps.js'
import { createForwarders } from './forward.js'
import { defaultAllowedHosts } from './mcp/admit.js'
import { createMcpState } from './mcp/state.js'
import { createProber } from './probe.js'
import { loadSigning, preflight } from './preflight.js'
import type { ConfigLocator } from './preflight.js'
import type { SetTimer } from './probe.js'
import { createGateMetrics } from '../observe/index.js'
import type { CallLine } from '../observe/index.js'
import { compileRoutes } from './routes.js'
import { upstreamNotReady, upstreamRuntimes } from './upstreams.js'
import { UPSTREAM_OUTCOMES } from './answer.js'
import { startApprovals } from '../console/index.js'
import type { ConsoleHandle } from '../console/index.js'

export interface GateHandle {
  url: string
  port: number
  server: Server
  deps: GateDeps
  audit: AuditWriter
  /** Probes every upstream now; resolves when all answered. */
  probe(): Promise<void>
  /** Open and shed connections. */
  connections: ConnectionStats
  /** The approvers' console, when approvals are configured. */
  console?: ConsoleHandle
  /** New approver groups (SIGHUP): someone removed stops counting at once, for calls not yet run. */
  reloadApprovals(approvals: Config['approvals']): void
  /**
   * Switches to the signing key and previous keys of `signing` without a restart (SIGHUP): new
   * bindings and probes use it at once, and /.well-known/jwks.json publishes it. Resolves with the
   * new kid; on any error the key in use stays. The audit log keeps its signer until restart.
   */
  reloadSigning(signing: Config['signing']): Promise<string>
  /**
   * Graceful stop: readiness fails first, open MCP GET and listen streams end at once (they hold no
   * call), the listener closes, calls in flight finish (up to `graceMs`, default 10 s, then their
   * connections are cut), the audit log is flushed, stopped and checkpointed.
   */
  close(opts?: { graceMs?: number }): Promise<void>
}

export interface StartGateOptions {
  env?: Readonly<Record<string, string | undefined>>
  log?: (line: string) => void
  /** Audit off: for the benchmark's baseline only; never in production. */
  auditDisabled?: boolean
  /** The timer of the periodic probe (tests drive it by hand); default setTimeout, unref'd. */
  probeTimer?: SetTimer
  /** The audit log's process name (default `gate`): each worker of `serve --workers` has its own log and lock. */
  auditProcess?: string
  /** One structured line per call (the CLI passes pino's); default none. */
  callLog?: (line: CallLine) => void
  /** Start-up warnings (unverified upstreams, rules that cannot match); default `log`. */
  warn?: (line: string) => void
  /** Places a start-up fault in the config file (LoadedConfig.at); default the field's path alone. */
  at?: ConfigLocator
}

/** Starts the gate. Any missing key, bad policy or unwritable audit directory refuses the start. */
export async function startGate(config: Config, opts: StartGateOptions = {}): Promise<GateHandle> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const env = opts.env ?? process.env
  // Every check `verbatim config check` makes too; every fault at once, before anything is opened.
  const checked = await preflight(config, { env, ...(opts.at === undefined ? {} : { at: opts.at }) })
  const { signingKey, publicKeys } = checked.signing
  const authenticate = checked.authenticate
  const warn = opts.warn ?? ((line: string) => log(`verbatim gate: ${line}`))
  for (const line of checked.warnings) warn(line)
  let stopping = false
  // The gauges read the upstreams when scraped; the counters are fed from the first circuit change on.
  const metrics = createGateMetrics(() => [...upstreams.values()].map((u) => ({
    name: u.config.name, queued: u.limiter.queued, active: u.limiter.active,
    circuit: u.circuit.state === 'closed' ? 0 : u.circuit.state === 'half-open' ? 1 : 2,
    forwarding: !u.config.guarded || u.guard === 'guarded' ? 1 : 0,
    ready: upstreamNotReady(u).length === 0 ? 1 : 0,
  })))
  const upstreams = await upstreamRuntimes(config, log, { onCircuitOpen: (name) => metrics.circuitOpened(name) })
  metrics.knownUpstreams([...upstreams.keys()], UPSTREAM_OUTCOMES)
  const policies = checked.policies
  const first = { digest: policies.current.digest }
  const audit = await openAuditWriter({
    dir: config.audit.dir,
    process: opts.auditProcess ?? 'gate',
    signer: { kid: signingKey.kid, privateKey: signingKey.privateKey },
    checkpointEvery: config.audit.checkpointEvery,
    checkpointIntervalMs: config.audit.checkpointIntervalMs,
    startFields: { keys: [{ kid: signingKey.kid, x: String(signingKey.publicJwk.x) }], policyDigest: first.digest },
    onFatal: (err, recovering) => log(recovering
      ? `verbatim gate: AUDIT FAILED (no room: ${err.message}), refusing every call until it can write again; it resumes by itself once the disk has room`
      : `verbatim gate: AUDIT FAILED for good, refusing every call until restart (its /healthz fails): ${err.message}`),
    onRecover: () => log('verbatim gate: the audit log is writable again (a recovery record marked resumed, then start); calls are served again'),
    onBatch: (records, seconds) => metrics.auditBatch(records, seconds),
  })
  await audit.append('policy', policyRecordFields(policies.current, config.policies))
  policies.watch((result) => {
    const fields = result.ok
      ? (policies.current.digest === result.digest ? policyRecordFields(policies.current, config.policies) : { digest: result.digest, paths: config.policies, ok: true })
      : { digest: policies.current.digest, paths: config.policies, ok: false, error: result.error.message.slice(0, 2000) }
    metrics.policyReload(result.ok)
    log(result.ok ? `verbatim gate: policy loaded, digest ${result.digest}` : `verbatim gate: policy reload FAILED, still serving the last good policy:\n${result.error.message}`)
    audit.append('policy', fields).catch((err: unknown) => log(`verbatim gate: audit of a policy reload failed: ${String(err)}`))
  })

  const { forward, stream: forwardStream, close: closeForwarders } = createForwarders(Math.max(...config.upstreams.map((u) => u.maxConcurrent)))
  const mcpState = createMcpState(config, log)
  const mcpServers = new Map<string, McpRuntime>(
    config.mcp.servers.map((m) => [m.name, { config: m, upstream: upstreams.get(m.upstream) as UpstreamRuntime, allowedHosts: m.allowedHosts }]),
  )
  const deps: GateDeps = {
    authenticate,
    routes: compileRoutes(config),
    upstreams,
    policy: () => policies.current,
    signingKey,
    publicKeys,
    audit: opts.auditDisabled ? { append: async () => undefined } : audit,
    forward,
    forwardStream,
    mcp: { servers: mcpServers, sessions: mcpState.sessions, toolHeaders: mcpState.toolHeaders, listens: mcpState.listens, streams: mcpState.streams },
    canonical: canonicalOptionsOf(config),
    ttlSeconds: config.signing.ttlSeconds,
    auditArguments: { mode: config.audit.arguments, redact: config.audit.redact },
    forwardHeaders: config.forward.headers,
    now: Date.now,
    newDecisionId: randomUUID,
    newNonce,
    ready: () => {
      const reasons: string[] = []
      if (stopping) reasons.push('stopping: draining calls in flight')
      if (audit.failed) reasons.push(`audit: ${audit.failed.message}${audit.recovering ? ' (no room: it writes again by itself once the disk has room)' : ''}`)
      return { ok: reasons.length === 0, reasons }
    },
    unhealthy: () => (audit.failed !== null && !audit.recovering ? [`audit: the log failed for good (${audit.failed.message}): restart the gate once the disk is fixed; the start recovers the log`] : []),
    metrics,
    ...(opts.callLog === undefined ? {} : { callLog: opts.callLog }),
    bodyBudget: Object.assign(createByteBudget(config.limits.maxInflightBodyBytes), {
      overloaded: () => new VerbatimError('ERR_GATE_OVERLOADED', 'the budget of body bytes in flight is spent', { detail: { closeConnection: true, shed: 'budget' } }),
    }),
    bodyDeadline: () => AbortSignal.timeout(config.limits.bodyTimeoutMs),
    log,
  }
  const consoleHandle = config.approvals === undefined ? undefined : await startApprovals({
    config: config.approvals, signingKey: () => deps.signingKey, now: () => deps.now(), log, audit: { append: (type, fields) => deps.audit.append(type, fields as Record<string, AuditField>) },
  }).catch(async (err: unknown) => {
    policies.close()
    await audit.close().catch(() => undefined)
    throw err
  })
  if (consoleHandle !== undefined) deps.approvals = consoleHandle.desk
  const route = createRouter(deps)
  const shedLog = rateLimitedLog(log, 10_000)
  // node's request straight to the router: no web Request or Response on the hot path.
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    route(fromNode(req)).then((reply) => writeReply(res, reply), (err: unknown) => writeReply(res, problemReply(err)))
  }
  const limits = config.limits
  // No request listener of node's own: every request goes through the connection discipline.
  const { server, connections } = serveConnections(listener, {
    maxConnections: limits.maxConnections,
    maxUnauthenticated: limits.maxUnauthenticatedConnections ?? Math.ceil(limits.maxConnections / 2),
    // A connection counts as authenticated once a request on it carried a valid bearer token.
    authenticates: (req) => namesAgent(authenticate, req.headers.authorization),
    headersTimeoutMs: limits.headersTimeoutMs,
    idleTimeoutMs: limits.idleTimeoutMs,
    bodyTimeoutMs: limits.bodyTimeoutMs,
    overloaded: () => overloadedBytes(),
    faultyFraming: (req, res, why) => refuseFraming(req, res, why, deps, log),
    onShed: (why) => void (deps.metrics?.shed(why), shedLog(`verbatim gate: shedding load (${shedReason(why, limits.maxConnections)})`)),
    onClientError: (err, socket) => onClientError(err, socket, deps, log),
  })
  let bound: { port: number; url: string }
  try {
    bound = await listen(server, config.listen.port, config.listen.host)
  } catch (err) {
    policies.close()
    await mcpState.close()
    await consoleHandle?.close()
    await audit.close().catch(() => undefined)
    throw err
  }
  const port = bound.port
  for (const m of mcpServers.values()) m.allowedHosts ??= defaultAllowedHosts(config.listen.host, port)
  const prober = createProber(upstreams.values(), () => deps.signingKey, forward, { now: Date.now, nonce: newNonce, log })
  deps.reprobe = prober.reprobe
  deps.recheck = prober.recheck
  const probe = prober.probeAll
  await probe()
  const stopProbing = config.probe.intervalMs > 0 ? prober.every(config.probe.intervalMs, opts.probeTimer) : () => undefined
  return {
    url: bound.url,
    port,
    server,
    deps,
    audit,
    probe,
    connections,
    ...(consoleHandle === undefined ? {} : { console: consoleHandle }),
    reloadApprovals: (approvals) => void (approvals === undefined ? undefined : deps.approvals?.setGroups(approvals.groups)),
    async reloadSigning(signing) {
      const next = await loadSigning(signing)
      deps.signingKey = next.signingKey
      deps.publicKeys = next.publicKeys
      deps.ttlSeconds = signing.ttlSeconds
      return next.signingKey.kid
    },
    async close(o = {}) {
      stopping = true
      stopProbing()
      policies.close()
      // A GET or listen stream is no call in flight: it ends now, and its client opens it again elsewhere.
      deps.mcp?.streams.cutAll()
      await consoleHandle?.close()
      await closeServer(server, o.graceMs ?? 10_000)
      await closeForwarders()
      await mcpState.close()
      await audit.close()
    },
  }
}

/** At most one line per `everyMs`, with a count of the lines it held back. */
function rateLimitedLog(log: (line: string) => void, everyMs: number): (line: string) => void {
  let last = -Infinity
  let held = 0
  return (line) => {
    const now = Date.now()
    if (now - last < everyMs) {
      held++
      return
    }
    log(held > 0 ? `${line} (and ${held} more like it)` : line)
    last = now
    held = 0
  }
}
