/** @module guard/standalone: the guard as its own process, in front of an executor nobody will modify. */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { JWK } from 'jose'
import { closeServer, listen } from '../http/listen.js'
import type { GuardConfig } from './config.js'
import type { Executor } from './executor-http.js'
import { httpExecutor } from './executor-http.js'
import { stdioExecutor } from './executor-stdio.js'
import { loadGuardKey } from './guard-key.js'
import { jwksKeyResolver } from '../binding/index.js'
import { guardNodeHandler, writeProblem } from './node.js'
import { MemoryReplayStore } from './replay-memory.js'
import { openExecutedLog } from './executed-log.js'
import { RedisReplayStore } from './replay-redis.js'
import { splitTarget } from './target.js'
import type { ReplayStore } from './types.js'

export interface GuardHandle {
  url: string
  port: number
  /** The guard's public JWK (receipts, executed-log checkpoints). */
  guardJwk: JWK
  server: Server
  close(): Promise<void>
}

/**
 * Starts the standalone guard: it verifies each request (docs/binding.md §6), makes the execution
 * record durable, hands exactly the verified bytes to the executor, relays its answer and adds a
 * signed receipt. Invariant: the executor must not be reachable except through this process.
 */
export async function startGuard(config: GuardConfig, opts: { log?: (line: string) => void } = {}): Promise<GuardHandle> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const key = await loadGuardKey(config.signing.keyFile === undefined ? {} : { keyFile: config.signing.keyFile })
  if (config.signing.keyFile === undefined) log('verbatim guard: no signing.keyFile; receipts are signed with an ephemeral key')
  const replay: ReplayStore = config.replay === 'memory' ? new MemoryReplayStore() : new RedisReplayStore({ url: config.replay.redis })
  const keys = 'jwksUrl' in config.keys ? jwksKeyResolver({ url: config.keys.jwksUrl }) : jwksKeyResolver({ file: config.keys.jwksFile })
  // A restart must not reopen the replay window: a memory store is refilled from the executed log.
  const { audit, seeded } = await openExecutedLog({ dir: config.audit.dir, key, audience: config.audience, replay, nowMs: Date.now(), skewSeconds: config.skewSeconds, log })
  const executor: Executor = 'http' in config.executor ? httpExecutor(config.executor) : stdioExecutor(config.executor, log)
  const handler = guardNodeHandler(
    {
      audience: config.audience, keys, replay, log: audit, replaySeeded: seeded, receiptSigner: { kid: key.kid, privateKey: key.privateKey },
      skewSeconds: config.skewSeconds, maxTtlSeconds: config.maxTtlSeconds, maxBodyBytes: config.maxBodyBytes,
      onReject: (e) => log(`verbatim guard: refused ${e.code}: ${e.message}`),
    },
    async (req, res, verified) => {
      let out
      try {
        out = await executor.run(verified, splitTarget(req.url ?? '/').path)
      } catch (err) {
        writeProblem(res, err, verified.decisionId)
        return
      }
      res.writeHead(out.status, { 'content-type': out.contentType, 'content-length': out.body.byteLength })
      res.end(out.body)
    },
  )
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
      return
    }
    handler(req, res)
  })
  server.requestTimeout = 120_000
  const { port, url } = await listen(server, config.listen.port, config.listen.host)
  return {
    url,
    port,
    guardJwk: key.publicJwk,
    server,
    async close() {
      await closeServer(server)
      await executor.close()
      await replay.close?.()
      await audit.close()
    },
  }
}
