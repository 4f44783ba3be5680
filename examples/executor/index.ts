/** @module examples/executor: start the guarded sandbox executor (used by `npm start` and the e2e tests). */
import type { Server } from 'node:http'
import { mkdir } from 'node:fs/promises'
import { createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { JWK } from 'jose'
import { closeServer, disciplineConnections, endWithProblem, listen, rawProblemResponse } from '../../src/http/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import { isProbeTarget, readKeySetFile } from '../../src/binding/index.js'
import { MemoryReplayStore, RedisReplayStore, jwksKeyResolver, openExecutedLog } from '../../src/guard/index.js'
import type { ReplayStore } from '../../src/guard/index.js'
import { loadGuardKey } from '../../src/guard/guard-key.js'
import { createExecutorApp } from './app.js'

export interface StartExecutorOptions {
  /** 0 picks a free port (default). */
  port?: number
  host?: string
  /** Real directory that `/workspace` maps to; created if missing. */
  workspace: string
  /** This executor's audience; must equal the gate's upstream `audience`. */
  audience: string
  /** The gate's JWKS URL (`{gate}/.well-known/jwks.json`) or a JWKS file. */
  jwksUrl?: string
  jwksFile?: string
  /** Directory of the executed log (audit process `guard`). */
  auditDir: string
  /** 'memory' (default), a redis URL, or a store. */
  replay?: 'memory' | { redis: string } | ReplayStore
  /** Where the guard's own key lives (generated on first use); default an ephemeral key. */
  keyDir?: string
  skewSeconds?: number
  /** Shifts the guard's clock (tests simulate a skewed executor clock with it); default 0. */
  clockOffsetMs?: number
  /** Refusals and faults; default stderr. */
  log?: (line: string) => void
}

export interface ExecutorHandle {
  url: string
  port: number
  /** The guard's public JWK: verifies receipts and the executed log's checkpoints. */
  guardJwk: JWK
  /** Epoch milliseconds from which fresh bindings are accepted (the restart rule: the log held no earlier run, or the shared store lost its data). */
  readyAt: number
  server: Server
  close(): Promise<void>
}

function replayStore(r: StartExecutorOptions['replay'], clock: () => number): ReplayStore {
  if (r === undefined || r === 'memory') return new MemoryReplayStore()
  if ('redis' in r) return new RedisReplayStore({ url: r.redis, now: clock })
  return r
}

/**
 * Starts the example sandbox executor behind the guard middleware.
 * @example const ex = await startExecutor({ workspace: '/tmp/ws', audience: 'sandbox-1', jwksUrl: `${gate}/.well-known/jwks.json`, auditDir: '/tmp/guard-audit' })
 */
export async function startExecutor(options: StartExecutorOptions): Promise<ExecutorHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  await mkdir(options.workspace, { recursive: true })
  const key = await loadGuardKey(options.keyDir === undefined ? {} : { keyDir: options.keyDir })
  if (options.jwksUrl === undefined) await readKeySetFile(options.jwksFile ?? '')
  const keys = options.jwksUrl !== undefined ? jwksKeyResolver({ url: options.jwksUrl }) : jwksKeyResolver({ file: options.jwksFile ?? '' })
  const replay = replayStore(options.replay, () => Date.now() + (options.clockOffsetMs ?? 0))
  // A restart must not reopen the replay window: a memory store is refilled from the executed log.
  const { audit, seeded } = await openExecutedLog({
    dir: options.auditDir, key, audience: options.audience, replay, nowMs: Date.now() + (options.clockOffsetMs ?? 0), log,
    ...(options.skewSeconds === undefined ? {} : { skewSeconds: options.skewSeconds }),
  })
  const startedMs = Date.now() + (options.clockOffsetMs ?? 0)
  const startedAt = replay.volatile === true && !seeded ? Math.floor(startedMs / 1000) : undefined
  // A shared store says when it last lost its data (its first use counts): the same rule applies from then.
  if (replay instanceof RedisReplayStore) await replay.check().catch((e: unknown) => log(`verbatim executor: replay store: ${(e as Error).message}`))
  const holdFrom = Math.max(startedAt ?? 0, replay.lostAt ?? 0)
  const readyAt = holdFrom === 0 ? startedMs : (holdFrom + (options.skewSeconds ?? 30) + 1) * 1000
  const guardOptions = {
    ...(startedAt === undefined ? {} : { startedAt }),
    audience: options.audience, keys, replay, log: audit, replaySeeded: seeded, receiptSigner: { kid: key.kid, privateKey: key.privateKey },
    // The gate's probes must be refused: that is the guard working, not an attack (binding/probe).
    onReject: (e: Error & { code?: string }, req?: { path: string }) => {
      if (req === undefined || !isProbeTarget(req.path)) log(`verbatim executor: refused ${e.code ?? ''}: ${e.message}`)
    },
    ...(options.skewSeconds === undefined ? {} : { skewSeconds: options.skewSeconds }),
    ...(options.clockOffsetMs === undefined ? {} : { clock: () => Date.now() + (options.clockOffsetMs ?? 0) }),
  }
  const app = createExecutorApp(guardOptions, { workspace: options.workspace })
  const host = options.host ?? '127.0.0.1'
  // One request at a time per connection, none after a closing answer (RFC 9112 §9.6).
  const server = createServer()
  disciplineConnections(server, getRequestListener(app.fetch), {
    maxConnections: 1024,
    overloaded: () => rawProblemResponse(new VerbatimError('ERR_GUARD_OVERLOADED', 'too many open connections'), { 'Retry-After': '1' }),
    faultyFraming: (_req, res, why) => endWithProblem(res, new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', why)),
  })
  const { port, url } = await listen(server, options.port ?? 0, host)
  return {
    url,
    port,
    guardJwk: key.publicJwk,
    readyAt,
    server,
    async close() {
      await closeServer(server)
      await replay.close?.()
      await audit.close()
    },
  }
}
