/**
 * Attacking sockets for the connection tests: loopback connections that send nothing, or trickle a
 * request head a byte at a time, and never close their side. Each records what the server sent and
 * whether the server closed the connection.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { connect } from 'node:net'
import type { Socket } from 'node:net'

export interface Held {
  sock: Socket
  /** The bytes the server sent so far. */
  out(): string
  /** True once the server ended or reset the connection (never by our own hand). */
  closed(): boolean
  /** Resolves with the bytes the server sent, once it closed the connection. */
  ended: Promise<string>
}

/**
 * One connection that sends `first` (if any) on connect, then one byte of `drip` every `everyMs`
 * until the server closes it. `allowHalfOpen`: our side never ends by itself, as an attacker's would not.
 */
export function hold(port: number, o: { first?: string; drip?: string; everyMs?: number } = {}): Promise<Held> {
  return new Promise((resolve, reject) => {
    const sock = connect({ port, host: '127.0.0.1', allowHalfOpen: true })
    let out = ''
    let closed = false
    let timer: NodeJS.Timeout | undefined
    const ended = new Promise<string>((done) => {
      const finish = (): void => {
        closed = true
        if (timer !== undefined) clearInterval(timer)
        done(out)
      }
      sock.on('end', finish)
      sock.on('close', finish)
    })
    sock.on('data', (d: Buffer) => (out += d.toString('latin1')))
    sock.once('connect', () => {
      sock.on('error', () => undefined) // a reset by the server is an outcome, read through closed()
      if (o.first !== undefined) sock.write(o.first)
      const drip = o.drip
      if (drip !== undefined) {
        let i = 0
        timer = setInterval(() => {
          if (!closed && sock.writable) sock.write(drip[i++ % drip.length] ?? 'a')
        }, o.everyMs ?? 100)
      }
      resolve({ sock, out: () => out, closed: () => closed, ended })
    })
    sock.once('error', reject)
  })
}

/** `n` connections that send nothing, opened `batch` at a time (a burst beyond the listen backlog would only stall in SYN retries). */
export async function holdMany(port: number, n: number, batch = 50): Promise<Held[]> {
  const all: Held[] = []
  for (let i = 0; i < n; i += batch) all.push(...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => hold(port)))))
  return all
}

/** The HTTP status line's code of the first answer in `out`, or undefined if none came. */
export function statusOf(out: string): number | undefined {
  const m = /^HTTP\/1\.1 (\d{3}) /.exec(out)
  return m === null ? undefined : Number(m[1])
}

/** The problem `code` of the first answer in `out`. */
export function codeOf(out: string): string | undefined {
  return /"code":"([A-Z_]+)"/.exec(out)?.[1]
}

/** Open file descriptors of a process (its sockets among them). */
export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length
}

/**
 * Makes sure this process (and the children it spawns after) may open `need` descriptors: raises the
 * soft limit with prlimit where the hard limit (or root) allows. Returns why not, if it cannot.
 */
export function ensureFdLimit(need: number): string | undefined {
  const limits = (): [number, number] => {
    const m = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'))
    const n = (v: string | undefined): number => (v === 'unlimited' ? Infinity : Number(v ?? 0))
    return [n(m?.[1]), n(m?.[2])]
  }
  const [soft, hard] = limits()
  if (soft >= need) return undefined
  // Raise the soft limit within the hard one; past it, only root may (and the hard limit goes up too).
  const spec = hard >= need ? `${need}:${hard === Infinity ? 'unlimited' : hard}` : `${need}:${need}`
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${spec}`], { stdio: 'ignore' })
  } catch (err) {
    return `cannot raise the open-file limit from ${soft} to ${need} (${(err as Error).message}); run with ulimit -n ${need}`
  }
  return limits()[0] >= need ? undefined : `the open-file limit is ${limits()[0]}, below ${need}; run with ulimit -n ${need}`
}

/** Resolves once `check()` holds, polling; the bound only keeps a broken server from hanging the test. */
export async function eventually(check: () => boolean | Promise<boolean>, what = 'condition', boundMs = 60_000): Promise<void> {
  const end = Date.now() + boundMs
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`${what} never held`)
}
