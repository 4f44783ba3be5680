/** @module gate/server: start the gate from a loaded config (the edge: keys, files, sockets, timers). */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { JWK } from 'jose'
import { openAuditWriter } from '../audit/index.js'
import { closeServer, createByteBudget, disciplineConnections, listen } from '../http/index.js'
import type { ConnectionStats } from '../http/index.js'
import type { AuditWriter } from '../audit/index.js'
import { loadSigningKey, newNonce } from '../binding/index.js'
import type { SigningKey } from '../binding/index.js'
import { canonicalOptionsOf } from '../config/index.js'
import type { Config } from '../config/index.js'
import { VerbatimError } from '../errors/index.js'
import { createAuthenticator } from '../intake/index.js'
import { PolicyStore } from '../policy/index.js'
import { createGateApp } from './app.js'
import { onClientError, overloadedBytes, refuseFraming } from './client-error.js'
import type { GateDeps, UpstreamRuntime } from './deps.js'
import { createForwarders } from './forward.js'
import { defaultAllowedHosts } from './mcp/admit.js'
import type { McpRuntime } from './mcp/route.js'
import { createMcpSessions } from './mcp/sessions.js'
import { createProber } from './probe.js'
import type { SetTimer } from './probe.js'
import { compileRoutes } from './routes.js'
import { upstreamRuntimes } from './upstreams.js'

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
  /**
   * Switches to the signing key and previous keys of `signing` without a restart (SIGHUP): new
   * bindings and probes use it at once, and /.well-known/jwks.json publishes it. Resolves with the
   * new kid; on any error the key in use stays. The audit log keeps its signer until restart.
   */
  reloadSigning(signing: Config['signing']): Promise<string>
  close(): Promise<void>
}

export interface StartGateOptions {
  env?: Readonly<Record<string, string | undefined>>
  log?: (line: string) => void
  /** Audit off: for the benchmark's baseline only; never in production. */
  auditDisabled?: boolean
  /** The timer of the periodic probe (tests drive it by hand); default setTimeout, unref'd. */
  probeTimer?: SetTimer
}

/** Starts the gate. Any missing key, bad policy or unwritable audit directory refuses the start. */
export async function startGate(config: Config, opts: StartGateOptions = {}): Promise<GateHandle> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const env = opts.env ?? process.env
  const { signingKey, publicKeys } = await loadSigning(config.signing)
  const authenticate = createAuthenticator(config.agents, env)
  const upstreams = await upstreamRuntimes(config, log)
  const policies = await PolicyStore.open(config.policies)
  const first = { digest: policies.current.digest }
  const audit = await openAuditWriter({
    dir: config.audit.dir,
    process: 'gate',
    signer: { kid: signingKey.kid, privateKey: signingKey.privateKey },
    checkpointEvery: config.audit.checkpointEvery,
    checkpointIntervalMs: config.audit.checkpointIntervalMs,
    startFields: { keys: [{ kid: signingKey.kid, x: String(signingKey.publicJwk.x) }], policyDigest: first.digest },
    onFatal: (err) => log(`verbatim gate: AUDIT FAILED, refusing to forward until restart: ${err.message}`),
  })
  await audit.append('policy', { digest: first.digest, paths: config.policies, ok: true })
  policies.watch((result) => {
    const fields = result.ok
      ? { digest: result.digest, paths: config.policies, ok: true }
      : { digest: policies.current.digest, paths: config.policies, ok: false, error: result.error.message.slice(0, 2000) }
    log(result.ok ? `verbatim gate: policy loaded, digest ${result.digest}` : `verbatim gate: policy reload FAILED, still serving the last good policy:\n${result.error.message}`)
    audit.append('policy', fields).catch((err: unknown) => log(`verbatim gate: audit of a policy reload failed: ${String(err)}`))
  })

  const { forward, stream: forwardStream } = createForwarders(Math.max(...config.upstreams.map((u) => u.maxConcurrent)))
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
    mcp: { servers: mcpServers, sessions: createMcpSessions() },
    canonical: canonicalOptionsOf(config),
    ttlSeconds: config.signing.ttlSeconds,
    forwardHeaders: config.forward.headers,
    now: Date.now,
    newDecisionId: randomUUID,
    newNonce,
    ready: () => (audit.failed ? { ok: false, reasons: [`audit: ${audit.failed.message}`] } : { ok: true, reasons: [] }),
    bodyBudget: Object.assign(createByteBudget(config.limits.maxInflightBodyBytes), {
      overloaded: () => new VerbatimError('ERR_GATE_OVERLOADED', 'the budget of body bytes in flight is spent', { detail: { closeConnection: true } }),
    }),
    bodyDeadline: () => AbortSignal.timeout(config.limits.bodyTimeoutMs),
    log,
  }
  const app = createGateApp(deps)
  // No request listener of node's own: every request goes through the connection discipline.
  const server = createServer()
  const shedLog = rateLimitedLog(log, 10_000)
  const connections = disciplineConnections(server, getRequestListener(app.fetch), {
    maxConnections: config.limits.maxConnections,
    overloaded: () => overloadedBytes(),
    faultyFraming: (req, res, why) => refuseFraming(req, res, why, deps, log),
    onShed: (why) => shedLog(`verbatim gate: shedding load (${why === 'connections' ? `more than ${config.limits.maxConnections} open connections` : 'too many pipelined requests on one connection'})`),
  })
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => onClientError(err, socket, deps, log))
  server.requestTimeout = 60_000
  server.headersTimeout = 15_000
  let bound: { port: number; url: string }
  try {
    bound = await listen(server, config.listen.port, config.listen.host)
  } catch (err) {
    policies.close()
    await audit.close().catch(() => undefined)
    throw err
  }
  const port = bound.port
  for (const m of mcpServers.values()) m.allowedHosts ??= defaultAllowedHosts(config.listen.host, port)
  const prober = createProber(upstreams.values(), () => deps.signingKey, forward, { now: Date.now, nonce: newNonce, log })
  deps.reprobe = prober.reprobe
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
    async reloadSigning(signing) {
      const next = await loadSigning(signing)
      deps.signingKey = next.signingKey
      deps.publicKeys = next.publicKeys
      deps.ttlSeconds = signing.ttlSeconds
      return next.signingKey.kid
    },
    async close() {
      stopProbing()
      policies.close()
      await closeServer(server, 10_000)
      await audit.close()
    },
  }
}

/** The signing key (its kid checked against signing.keyId) and the keys to publish: it, then the previous ones. */
async function loadSigning(signing: Config['signing']): Promise<{ signingKey: SigningKey; publicKeys: JWK[] }> {
  const signingKey = await loadSigningKey(signing.keyFile)
  if (signing.keyId !== undefined && signing.keyId !== signingKey.kid) {
    throw new VerbatimError('ERR_BINDING_KEY', `${signing.keyFile} has kid ${signingKey.kid}, but signing.keyId says ${signing.keyId}`)
  }
  const previous = await Promise.all(signing.previousKeys.map(readJwk))
  return { signingKey, publicKeys: [signingKey.publicJwk, ...previous] }
}

async function readJwk(path: string): Promise<JWK> {
  try {
    const jwk = JSON.parse(await readFile(path, 'utf8')) as JWK
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk) throw new Error('not a public Ed25519 JWK')
    return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.kid === undefined ? {} : { kid: jwk.kid }), alg: 'EdDSA', use: 'sig' }
  } catch (cause) {
    throw new VerbatimError('ERR_BINDING_KEY', `${path}: ${(cause as Error).message}`, { cause })
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
