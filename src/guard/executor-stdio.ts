/** @module guard/executor-stdio: a child process speaking newline-delimited JSON on stdio, one call at a time. */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { VerbatimError } from '../errors/index.js'
import type { CommandExecutorConfig } from './config.js'
import type { Executor, ExecutorResult } from './executor-http.js'
import { executorFailure } from './executor-http.js'
import { childEnv } from './child-env.js'
import { LineBuffer } from './lines.js'
import type { VerifiedBinding } from './types.js'

interface Waiter {
  resolve: (r: ExecutorResult) => void
  reject: (e: Error) => void
}

const MAX_BACKOFF_MS = 30_000

/**
 * The line a call sends: the verified bytes and "\n", or the call envelope. The envelope embeds the
 * verified bytes unchanged, and its keys come in RFC 8785 order (arguments < decisionId < tool) with
 * printable-ASCII strings, so the whole line is canonical JSON too.
 */
export function callLine(v: Pick<VerifiedBinding, 'bytes' | 'decisionId' | 'tool'>, line: 'arguments' | 'call' = 'arguments'): Buffer {
  if (line === 'arguments') return Buffer.concat([v.bytes, Buffer.from('\n')])
  return Buffer.concat([Buffer.from('{"arguments":'), v.bytes, Buffer.from(`,"decisionId":${JSON.stringify(v.decisionId)},"tool":${JSON.stringify(v.tool)}}\n`)])
}

/**
 * Writes the verified canonical bytes and "\n" (RFC 8785 output holds no raw newline), reads one
 * line back and answers 200 with it if it is JSON. One call at a time; up to `maxQueue` wait,
 * more is ERR_GUARD_EXECUTOR_BUSY. Restart policy: a child that exits, times out (killed) or
 * breaks the protocol fails the call in flight (never retried: it may have run); the next call
 * starts a new child, no sooner than a backoff that doubles per quick failure (up to 30 s) and
 * resets once a child has lived 10 s.
 */
export function stdioExecutor(cfg: CommandExecutorConfig, log: (line: string) => void = () => {}): Executor {
  let child: ChildProcessWithoutNullStreams | undefined
  let startedAt = 0
  let backoff = 0
  const lines = new LineBuffer(cfg.maxLineBytes)
  let current: Waiter | undefined
  let busy = false
  let closed = false
  const queue: Array<() => void> = []

  const kill = (why: string): void => {
    const c = child
    child = undefined
    if (c === undefined) return
    log(`verbatim guard: stopping executor child (${why})`)
    c.kill('SIGKILL')
  }
  const failCurrent = (msg: string): void => {
    const w = current
    current = undefined
    w?.reject(new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', msg))
  }
  const onLine = (line: Buffer): void => {
    const w = current
    current = undefined
    if (w === undefined) {
      kill('it wrote a line nobody asked for')
      return
    }
    try {
      JSON.parse(line.toString('utf8'))
    } catch {
      kill('it answered a line that is not JSON')
      w.reject(new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', 'executor answered a line that is not JSON'))
      return
    }
    w.resolve({ status: 200, contentType: 'application/json', body: new Uint8Array(line) })
  }

  const start = async (): Promise<ChildProcessWithoutNullStreams> => {
    if (child !== undefined) return child
    const wait = backoff === 0 ? 0 : Math.max(0, startedAt + backoff - Date.now())
    if (wait > 0) await new Promise((r) => setTimeout(r, wait * (0.8 + Math.random() * 0.4)))
    const [file, ...args] = cfg.command as [string, ...string[]]
    const c = spawn(file, args, { stdio: ['pipe', 'pipe', 'inherit'], env: childEnv(cfg.passEnv), ...(cfg.cwd === undefined ? {} : { cwd: cfg.cwd }) }) as unknown as ChildProcessWithoutNullStreams
    child = c
    startedAt = Date.now()
    lines.reset()
    c.stdout.on('data', (d: Buffer) => {
      if (child !== c) return
      try {
        for (const line of lines.take(d)) {
          onLine(line)
          if (child !== c) return
        }
      } catch {
        kill('answer line too long')
        failCurrent(`executor answer over ${cfg.maxLineBytes} bytes`)
      }
    })
    c.stdin.on('error', () => {})
    c.on('error', (e) => {
      if (child === c) child = undefined
      failCurrent(`cannot run executor: ${e.message}`)
    })
    c.on('exit', (code, signal) => {
      if (child === c) child = undefined
      const lived = Date.now() - startedAt
      backoff = lived >= 10_000 ? 0 : Math.min(MAX_BACKOFF_MS, backoff === 0 ? 100 : backoff * 2)
      log(`verbatim guard: executor child exited (${signal ?? code}); the next call starts a new one`)
      failCurrent(`executor exited (${signal ?? code}) during the call`)
    })
    return c
  }

  const runOne = async (v: VerifiedBinding): Promise<ExecutorResult> => {
    const c = await start()
    if (child !== c) throw executorFailure('executor child failed to start', false)
    return new Promise<ExecutorResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        kill('timeout')
        failCurrent(`executor did not answer within ${cfg.timeoutMs} ms`)
      }, cfg.timeoutMs)
      current = {
        resolve: (r) => { clearTimeout(timer); resolve(r) },
        reject: (e) => { clearTimeout(timer); reject(e) },
      }
      c.stdin.write(callLine(v, cfg.line))
    })
  }

  return {
    async run(v) {
      if (closed) throw executorFailure('guard is closing', false)
      if (busy) {
        if (queue.length >= cfg.maxQueue) throw new VerbatimError('ERR_GUARD_EXECUTOR_BUSY', `${queue.length} calls already wait`)
        await new Promise<void>((r) => queue.push(r))
      }
      busy = true
      try {
        return await runOne(v)
      } finally {
        const next = queue.shift()
        if (next !== undefined) next()
        else busy = false
      }
    },
    async close() {
      closed = true
      const c = child
      if (c === undefined) return
      const exited = new Promise<void>((r) => c.once('exit', () => r()))
      c.stdin.end()
      const t = setTimeout(() => c.kill('SIGKILL'), 2000)
      await exited
      clearTimeout(t)
    },
  }
}
