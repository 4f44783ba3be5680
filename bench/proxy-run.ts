/** @module bench/proxy-run: what bench:proxy runs each target with: processes, wrk, and the CPU each process spent. */
import { execFile, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { promisify } from 'node:util'
import type { Command } from './setup.js'

const run = promisify(execFile)

/** Resolves once something accepts connections on 127.0.0.1:port (`seconds` at most). */
export async function up(port: number, seconds = 20): Promise<void> {
  for (let i = 0; i < seconds * 20; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1')
      c.once('connect', () => {
        c.destroy()
        resolve(true)
      })
      c.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`nothing listens on ${port}`)
}

// Whatever the bench started is stopped when it ends, however it ends.
const children = new Set<ChildProcess>()
process.once('exit', () => {
  for (const p of children) p.kill('SIGTERM')
})
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130))

/** Spawns a command (stdout ignored, stderr shown); `prefix` runs it under another program (valgrind). */
export function spawnProc(c: Command, o: { prefix?: string[]; env?: Record<string, string> } = {}): ChildProcess {
  const [cmd, ...args] = [...(o.prefix ?? []), c.cmd, ...c.args] as [string, ...string[]]
  const p = spawn(cmd, args, { env: { ...process.env, ...c.env, ...o.env }, stdio: ['ignore', 'ignore', 'inherit'] })
  children.add(p)
  p.once('exit', () => children.delete(p))
  return p
}

/** Spawns and waits until it listens on `port`. */
export async function startProc(c: Command, port: number, o: { prefix?: string[]; env?: Record<string, string>; seconds?: number } = {}): Promise<ChildProcess> {
  const p = spawnProc(c, o)
  await up(port, o.seconds)
  return p
}

export const stopProc = (p: ChildProcess): Promise<void> => new Promise((r) => {
  if (p.exitCode !== null || p.signalCode !== null) return r()
  p.once('exit', () => r())
  p.kill('SIGTERM')
  setTimeout(() => p.kill('SIGKILL'), 5000).unref()
})

export interface WrkResult {
  requests: number
  rps: number
  p50ms: number
  p99ms: number
}

const ms = (m: RegExpExecArray | null): number => (m === null ? NaN : Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1))

/** One wrk run (1 thread, `c` connections, POST from `lua`); any answer other than 2xx fails the bench. */
export async function wrk(url: string, c: number, secs: number, lua: string): Promise<WrkResult> {
  const { stdout } = await run('wrk', ['-t1', `-c${c}`, `-d${secs}s`, '--latency', '-s', lua, url], { maxBuffer: 1 << 20 })
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
  const errors = /Socket errors: .*/.exec(stdout)?.[0]
  if (non2xx > 0 || errors !== undefined) throw new Error(`${url}: ${non2xx} non-2xx answers ${errors ?? ''}\n${stdout}`)
  return {
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
    p50ms: ms(/50%\s+([\d.]+)(us|ms|s)/.exec(stdout)),
    p99ms: ms(/99%\s+([\d.]+)(us|ms|s)/.exec(stdout)),
  }
}

const TICK_US = 1e6 / 100 // USER_HZ: /proc counts CPU time in 1/100 s on Linux

/**
 * CPU time (user + system, µs) of `pid` and every process below it: the getrusage counters that
 * process.cpuUsage() reads, taken from /proc so that nginx, the workers of `serve --workers` and the
 * node processes are counted the same way from outside.
 */
export function treeCpuUs(pid: number): number {
  const parent = new Map<number, number>()
  const cpu = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parent.set(Number(name), Number(f[1]))
      cpu.set(Number(name), (Number(f[11]) + Number(f[12])) * TICK_US)
    } catch {
      // gone meanwhile
    }
  }
  let total = 0
  for (const [p, us] of cpu) {
    for (let q: number | undefined = p; q !== undefined && q > 1; q = parent.get(q)) {
      if (q === pid) {
        total += us
        break
      }
    }
  }
  return total
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN
