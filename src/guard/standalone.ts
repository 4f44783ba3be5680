/** @module guard/standalone: the guard as its own process, in front of an executor nobody will modify. */
import { connect } from 'node:net'
import { createGuardMetrics } from '../observe/index.js'
import type { CallLine } from '../observe/index.js'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { JWK } from 'jose'
import { isProbeTarget, jwks, jwksKeyResolver } from '../binding/index.js'
import { VerbatimError, retryAfterSeconds } from '../errors/index.js'
import { closeServer, createByteBudget, createLiveStreams, endWithProblem, listen, rawProblemResponse, serveConnections } from '../http/index.js'
import type { ConnectionStats } from '../http/index.js'
import type { GuardConfig } from './config.js'
import { executedLogName } from './config.js'
import type { Executor } from './executor-http.js'
import { httpExecutor } from './executor-http.js'
import { stdioExecutor } from './executor-stdio.js'
import { guardPreflight } from './preflight.js'
import type { GuardConfigLocator } from './preflight.js'
import { guardClientError, guardNodeHandler, writeProblem } from './node.js'
import type { GuardedNodeHandler } from './node.js'
import { mcpHttpHandler } from './mcp-http.js'
import { mcpStdioExecutor } from './mcp-stdio.js'
import { MemoryReplayStore } from './replay-memory.js'
import { openExecutedLog } from './executed-log.js'
import { seedReplayFromLog } from './replay-seed.js'
import { restartFrom } from './verify.js'
import { RedisReplayStore } from './replay-redis.js'
import { splitTarget } from './target.js'
import { validTraceparent } from '../observe/index.js'
import type { ReplayStore } from './types.js'

export interface GuardHandle {
  url: string
  port: number
  /** The guard's public JWK (receipts, executed-log checkpoints); also served at /.well-known/jwks.json. */
  guardJwk: JWK
  /** Epoch milliseconds from which fresh bindings are accepted (the restart rule, from the start or the replay store's last loss); /readyz fails before. */
  readonly readyAt: number
  server: Server
  connections: ConnectionStats
  /** Reads the trusted key set (and the approvers trust file) again now (SIGHUP); resolves with the key set's size. What is in use stays if that fails. */
  reloadKeys(): Promise<number>
  /** Graceful stop: readiness fails, MCP GET and listen streams end at once, calls in flight finish (up to `graceMs`, default 10 s), the executor and the executed log close. */
  close(opts?: { graceMs?: number }): Promise<void>
}

/** The handler that runs a verified call, for each kind of executor, and how to stop it. */
function executorFor(config: GuardConfig, log: (line: string) => void): { run: GuardedNodeHandler; close: () => Promise<void> } {
  const x = config.executor
  if ('mcp' in x) {
    if ('http' in x.mcp) return { run: mcpHttpHandler(x.mcp), close: async () => undefined }
    const stdio = mcpStdioExecutor(x.mcp, log)
    return { run: stdio.handle, close: stdio.close }
  }
  const executor: Executor = 'http' in x ? httpExecutor(x) : stdioExecutor(x, log)
  return {
    async run(req, res, verified) {
      let out
      try {
        const tp = validTraceparent(typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined)
        out = await executor.run(verified, splitTarget(req.url ?? '/').path, tp === undefined ? {} : { traceparent: tp })
      } catch (err) {
        writeProblem(res, err, verified.decisionId)
        return
      }
      res.writeHead(out.status, { 'content-type': out.contentType, 'content-length': out.body.byteLength })
      res.end(out.body)
    },
    close: () => executor.close(),
  }
}

/** The configured replay store; a shared one refills from the executed logs when it learns it lost its data. */
function replayStore(config: GuardConfig, clock: () => number, log: (line: string) => void): ReplayStore {
  if (config.replay === 'memory') return new MemoryReplayStore()
  const store: RedisReplayStore = new RedisReplayStore({
    url: config.replay.redis,
    now: clock,
    onLoss: (lostAt) => {
      log(`verbatim guard: THE REPLAY STORE LOST ITS DATA (${new Date(lostAt * 1000).toISOString()}): bindings created before then + ${config.skewSeconds} s are refused; refilling it from the executed logs`)
      seedReplayFromLog(store, config.audit.dir, clock(), config.skewSeconds).then(
        (n) => log(`verbatim guard: ${n} nonce(s) still in their window from the executed logs, to claim in the replay store`),
        (e: unknown) => log(`verbatim guard: refilling the replay store failed: ${(e as Error).message}`),
      )
    },
  })
  return store
}

/** An HTTP executor (or MCP server) that accepts a TCP connection, or why not; a child process is always "reachable". */
function executorReachable(config: GuardConfig): Promise<string | undefined> {
  const x = config.executor
  const target = 'http' in x ? x.http : 'mcp' in x && 'http' in x.mcp ? x.mcp.http : undefined
  if (target === undefined) return Promise.resolve(undefined)
  const opts = target.startsWith('unix:') ? { path: target.slice('unix:'.length) } : (() => {
    const u = new URL(target)
    return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 80) }
  })()
  return new Promise((resolve) => {
    const s = connect(opts)
    const done = (why: string | undefined): void => {
      s.destroy()
      resolve(why)
    }
    s.setTimeout(1000, () => done(`${target} did not accept a connection within 1 s`))
    s.once('connect', () => done(undefined))
    s.once('error', (e: NodeJS.ErrnoException) => done(`${target}: ${e.code ?? e.message}`))
  })
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' }).end(text)
}

/**
 * Starts the standalone guard: it verifies each request (docs/binding.md §6), makes the execution
 * record durable, hands exactly the verified bytes to the executor, relays its answer and adds a
 * signed receipt. Invariant: the executor must not be reachable except through this process.
 */
export async function startGuard(config: GuardConfig, opts: { log?: (line: string) => void; callLog?: (line: CallLine) => void; clock?: () => number; at?: GuardConfigLocator } = {}): Promise<GuardHandle> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const clock = opts.clock ?? Date.now
  // Every check `verbatim guard config check` makes, before anything opens.
  const { key, pathCheck, trusted } = await guardPreflight(config, opts.at)
  if (config.signing.keyFile === undefined) log('verbatim guard: no signing.keyFile; receipts are signed with an ephemeral key')
  const replay = replayStore(config, clock, log)
  const keys = 'jwksUrl' in config.keys ? jwksKeyResolver({ url: config.keys.jwksUrl }) : jwksKeyResolver({ file: config.keys.jwksFile })
  const startedMs = clock()
  // A restart must not reopen the replay window: a memory store is refilled from the executed log
  // of an earlier run, or else the restart rule holds fresh bindings off for `skew` seconds.
  const metrics = createGuardMetrics()
  const { audit, seeded } = await openExecutedLog({ dir: config.audit.dir, process: executedLogName(config), key, audience: config.audience, replay, nowMs: startedMs, skewSeconds: config.skewSeconds, log, onBatch: (n, s) => metrics.auditBatch(n, s) })
  const startedAt = replay.volatile === true && !seeded ? Math.floor(startedMs / 1000) : undefined
  // A shared store: its epoch says when it last lost its data (its first use counts), so /readyz is right from the start.
  if (replay instanceof RedisReplayStore) {
    await replay.check().catch((e: unknown) => log(`verbatim guard: replay store: ${(e as Error).message}`))
  }
  /** Epoch ms from which fresh bindings are accepted: after the start's restart rule, and after the store's last loss + skew. */
  const readyAt = (): number => {
    const from = restartFrom(startedAt, replay)
    return from === undefined ? startedMs : Math.max(startedMs, (from + config.skewSeconds + 1) * 1000)
  }
  const { run: execute, close: closeExecutor } = executorFor(config, log)
  let stopping = false
  // An MCP GET stream or subscriptions/listen holds no call: a stopping guard ends it at once.
  const live = createLiveStreams()
  // Each verified call: its execution timed and counted, and one structured line.
  const run: GuardedNodeHandler = async (req, res, v) => {
    const t0 = performance.now()
    connections.authenticate(req.socket) // a verified binding: this connection is the gate's
    if ('mcp' in config.executor && (req.method === 'GET' || (v.rpc?.kind === 'request' && v.rpc.method === 'subscriptions/listen'))) res.once('close', live.add(() => res.destroy()))
    await execute(req, res, v)
    const ms = performance.now() - t0
    metrics.execution(res.statusCode, ms / 1000)
    opts.callLog?.({ decisionId: v.decisionId, agent: v.agent, tool: v.tool, verdict: 'executed', status: res.statusCode, overheadMs: 0, upstreamMs: ms })
  }
  const budget = Object.assign(createByteBudget(config.maxInflightBodyBytes), {
    overloaded: () => new VerbatimError('ERR_GUARD_OVERLOADED', 'the budget of body bytes in flight is spent'),
  })
  const handler = guardNodeHandler(
    {
      audience: config.audience, keys, replay, log: audit, replaySeeded: seeded, clock, receiptSigner: { kid: key.kid, privateKey: key.privateKey },
      skewSeconds: config.skewSeconds, maxTtlSeconds: config.maxTtlSeconds, maxBodyBytes: config.maxBodyBytes, canonical: { maxBytes: config.maxBodyBytes },
      bodyBudget: budget, bodyTimeoutMs: config.bodyTimeoutMs,
      ...(startedAt === undefined ? {} : { startedAt }),
      profile: 'mcp' in config.executor ? 'mcp' : 'tools',
      ...(pathCheck === undefined ? {} : { pathCheck }),
      ...(trusted.approvals === undefined ? {} : { approvals: trusted.approvals }),
      onReject: (e, req) => {
        // The gate's probe, refused as it must be: counted apart, and not logged as an attack.
        if (req !== undefined && isProbeTarget(req.path)) return metrics.probe(e.code)
        metrics.refusal(e.code)
        const d = e.detail
        if (opts.callLog !== undefined && typeof d?.['decisionId'] === 'string') {
          opts.callLog({ decisionId: d['decisionId'], verdict: 'refused', code: e.code, overheadMs: 0, ...(typeof d['agent'] === 'string' ? { agent: d['agent'] } : {}), ...(typeof d['tool'] === 'string' ? { tool: d['tool'] } : {}) })
        }
        log(`verbatim guard: refused ${e.code}: ${e.message}`)
      },
    },
    run,
  )
  /**
   * Not ready: stopping, inside the restart window, the replay store lost (or not reached), the
   * executed log failed, or the executor unreachable. Inside the restart window it says until when.
   */
  const readiness = async (): Promise<{ reasons: string[]; readyAt?: string }> => {
    const reasons: string[] = []
    let inWindow = false
    if (stopping) reasons.push('stopping: draining calls in flight')
    if (replay instanceof RedisReplayStore) await replay.check().catch((e: unknown) => reasons.push(`replay store: ${(e as Error).message}`))
    const until = new Date(readyAt()).toISOString()
    if (startedAt !== undefined && clock() < (startedAt + config.skewSeconds + 1) * 1000) {
      inWindow = true
      reasons.push(`restart rule: bindings created before ${until} are refused (the replay store was not refilled from an earlier run)`)
    } else if (replay.lostAt !== undefined && clock() < readyAt()) {
      inWindow = true
      reasons.push(`restart rule: the replay store lost its data at ${new Date(replay.lostAt * 1000).toISOString()} (or was first used then): bindings created before ${until} are refused`)
    }
    if (audit.failed !== null) reasons.push(`executed log: ${audit.failed.message}${audit.recovering ? ' (no room: it writes again by itself once the disk has room)' : ''}`)
    const reach = await executorReachable(config)
    if (reach !== undefined) reasons.push(`executor: ${reach}`)
    return inWindow ? { reasons, readyAt: until } : { reasons }
  }
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'GET' && req.url === '/healthz') {
      // Liveness fails only for what a restart mends: the executed log failed for good (not for want of room, which mends itself).
      if (audit.failed !== null && !audit.recovering) return json(res, 503, { ok: false, reasons: [`executed log: failed for good (${audit.failed.message}): restart the guard once the disk is fixed`] })
      return json(res, 200, { ok: true })
    }
    if (req.method === 'GET' && req.url === '/readyz') {
      void readiness().then(({ reasons, readyAt: at }) => {
        // Inside the restart window: when it ends, in the body (readyAt) and as Retry-After (RFC 9110 §10.2.3).
        const wait = at === undefined ? undefined : String(Math.max(1, Math.ceil((Date.parse(at) - clock()) / 1000)))
        json(res, reasons.length === 0 ? 200 : 503, { ok: reasons.length === 0, reasons, ...(at === undefined ? {} : { readyAt: at }) }, wait === undefined ? {} : { 'retry-after': wait })
      })
      return
    }
    if (req.method === 'GET' && req.url === '/metrics') {
      void metrics.render().then((text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text))
      return
    }
    // The receipt key, for a gate's upstreams[].receipts.jwksUrl (https or loopback only).
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') return json(res, 200, jwks([key]))
    handler(req, res)
  }
  const { server, connections } = serveConnections(route, {
    maxConnections: config.maxConnections,
    maxUnauthenticated: config.maxUnauthenticatedConnections ?? Math.ceil(config.maxConnections / 2),
    headersTimeoutMs: config.headersTimeoutMs, idleTimeoutMs: config.idleTimeoutMs, bodyTimeoutMs: config.bodyTimeoutMs,
    overloaded: () => rawProblemResponse(new VerbatimError('ERR_GUARD_OVERLOADED', 'too many open connections'), { 'Retry-After': retryAfterSeconds() }),
    faultyFraming: (_req, res, why) => endWithProblem(res, new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', why)),
    onShed: (why) => metrics.shed(why),
    onClientError: guardClientError((e) => metrics.refusal(e.code)),
  })
  const { port, url } = await listen(server, config.listen.port, config.listen.host)
  return {
    url,
    port,
    guardJwk: key.publicJwk,
    get readyAt() {
      return readyAt()
    },
    server,
    connections,
    reloadKeys: async () => (await Promise.all([keys.refresh(), trusted.reload()]))[0],
    async close(o = {}) {
      stopping = true
      live.cutAll()
      await closeServer(server, o.graceMs ?? 10_000)
      await closeExecutor()
      await replay.close?.()
      await audit.close()
    },
  }
}
