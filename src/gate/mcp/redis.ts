/** @module gate/mcp/redis: the Redis the gates share their MCP state in: bounded waits, Lua scripts by SHA, every failure ERR_MCP_SESSION_STORE (the edge). */
import { createHash } from 'node:crypto'
import { createClient } from 'redis'
import { VerbatimError, retryAfterSeconds } from '../../errors/index.js'

export interface SharedRedisOptions {
  /** redis:// or rediss:// URL, shared by every gate process and replica. */
  url: string
  /** Per-command and connect timeout in milliseconds. */
  timeoutMs: number
  /** One line when the store stops answering, and one when it answers again. */
  log?: (line: string) => void
}

/** A connection that runs the scripts it was given, each atomically on the server (Redis EVAL semantics). */
export interface SharedRedis {
  run(script: string, args: readonly (string | number)[]): Promise<unknown>
  close(): Promise<void>
}

type Client = ReturnType<typeof createClient>

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex')

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms) })
  return Promise.race([p, t]).finally(() => clearTimeout(timer))
}

/** The refusal of an MCP request the store could not serve: 503, with a jittered Retry-After (DESIGN invariant 7). */
export function storeUnavailable(what: string, cause?: unknown): VerbatimError {
  const why = cause instanceof Error ? `: ${cause.message}` : ''
  return new VerbatimError('ERR_MCP_SESSION_STORE', `the MCP session store (redis) did not answer: ${what}${why}`, { cause, detail: { retryAfter: Number(retryAfterSeconds()) } })
}

/**
 * Connects lazily and reconnects in the background; commands are never queued while it is away
 * (they fail at once), and none waits longer than the timeout. A script is sent by its SHA and,
 * when the server does not have it yet (a new or restarted server), once in full.
 */
export function sharedRedis(o: SharedRedisOptions): SharedRedis {
  const client: Client = createClient({
    url: o.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: o.timeoutMs, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000) },
  })
  let down = false
  client.on('error', (e: Error) => {
    if (!down) o.log?.(`verbatim gate: the MCP session store (redis) is unreachable (${e.message}); MCP session requests are refused (503 ERR_MCP_SESSION_STORE) until it answers`)
    down = true
  })
  client.on('ready', () => {
    if (down) o.log?.('verbatim gate: the MCP session store (redis) answers again')
    down = false
  })
  let connecting: Promise<unknown> | undefined
  const ready = async (): Promise<void> => {
    if (client.isReady) return
    // Open but not ready, once connected: it is reconnecting, and a command would only wait. While the first connect is under way, every command waits for it.
    if (client.isOpen && connecting === undefined) throw new Error('reconnecting')
    connecting ??= client.connect().catch((e: unknown) => {
      connecting = undefined
      throw e
    })
    await within(connecting, o.timeoutMs)
  }
  const shas = new Map<string, string>()
  return {
    async run(script, args) {
      let sha = shas.get(script)
      if (sha === undefined) shas.set(script, (sha = sha1(script)))
      const a = args.map(String)
      try {
        await ready()
        try {
          return await within(client.evalSha(sha, { keys: [], arguments: a }), o.timeoutMs)
        } catch (e) {
          if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e
          return await within(client.eval(script, { keys: [], arguments: a }), o.timeoutMs)
        }
      } catch (e) {
        throw storeUnavailable('a command failed', e)
      }
    },
    async close() {
      if (connecting === undefined && !client.isOpen) return
      try {
        if (!client.isReady) throw new Error('not ready')
        await within(client.quit(), o.timeoutMs)
      } catch {
        if (client.isOpen) client.destroy()
      }
    },
  }
}
