/**
 * @module tests/helpers/redis-server: a redis-server of the test's own on a free loopback port, to
 * restart, flush, replicate and promote without touching the shared one (VERBATIM_TEST_REDIS_URL).
 */
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { start } from '../e2e/procs.js'
import type { Proc } from '../e2e/procs.js'
import { freePort } from './ports.js'

const run = promisify(execFile)

export const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisServer {
  port: number
  url: string
  /** Its working directory (dump.rdb, appendonlydir). */
  dir: string
  /** One command through redis-cli; resolves with its raw output, trimmed. */
  cli(...args: string[]): Promise<string>
  /** Stops the process (SIGTERM: with persistence off it saves nothing) and starts it again on the same port and directory. */
  restart(): Promise<void>
  stop(): Promise<void>
}

/**
 * Starts `redis-server` with `args` (default: no persistence at all) and resolves once it accepts
 * connections.
 */
export async function startRedis(args: readonly string[] = ['--save', '', '--appendonly', 'no']): Promise<RedisServer> {
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-redis-'))
  let proc: Proc
  const launch = async (): Promise<void> => {
    proc = start(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...args])
    await proc.waitFor(/Ready to accept connections/)
  }
  await launch()
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async cli(...a) {
      const { stdout } = await run('redis-cli', ['-p', String(port), ...a])
      return stdout.trim()
    },
    async restart() {
      await proc.stop('SIGTERM')
      await launch()
    },
    async stop() {
      await proc.stop('SIGTERM')
    },
  }
  return server
}

const offset = async (r: RedisServer): Promise<number> => Number(/master_repl_offset:(\d+)/.exec(await r.cli('INFO', 'replication'))?.[1] ?? -1)

/** Makes `replica` a replica of `primary` and resolves once its first sync is done. */
export async function replicate(replica: RedisServer, primary: RedisServer): Promise<void> {
  await replica.cli('REPLICAOF', '127.0.0.1', String(primary.port))
  for (;;) {
    const info = await replica.cli('INFO', 'replication')
    if (/master_link_status:up/.test(info) && /master_sync_in_progress:0/.test(info)) return
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * Resolves once `replica` has applied everything `primary` has written so far (its replication
 * offset reached the primary's). WAIT would not do: it counts only the writes of its own connection.
 */
export async function caughtUp(replica: RedisServer, primary: RedisServer): Promise<void> {
  const target = await offset(primary)
  while ((await offset(replica)) < target) await new Promise((r) => setTimeout(r, 20))
}
