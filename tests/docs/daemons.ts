/** @module tests/docs/daemons: commands that keep running (the gate, the guard): started, checked, stopped. */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'

/**
 * The long-running commands the docs show, how each says it is ready, and its name for `restart=`.
 * A command in an `sh` block that matches one of these is started in the background; every other
 * command must finish on its own.
 */
export const DAEMONS: readonly { name: string; command: RegExp; ready: RegExp }[] = [
  { name: 'gate', command: /(^|[\s/])verbatim serve\b/, ready: /verbatim gate: listening on (http:\/\/\S+)/ },
  { name: 'guard', command: /(^|[\s/])verbatim guard\b/, ready: /verbatim guard: listening on (http:\/\/\S+)/ },
  // The example executor the README starts behind its guard (examples/deploy/tool-server.ts).
  { name: 'executor', command: /(^|[\s/])tool-server\.js\b/, ready: /tool-server: listening on (http:\/\/\S+)/ },
]

export function daemonFor(command: string): (typeof DAEMONS)[number] | undefined {
  if (/\s(--help|-h)(\s|$)/.test(command)) return undefined
  return DAEMONS.find((d) => d.command.test(command))
}

export interface Daemon {
  readonly name: string
  /** The URL from its ready line, if it prints one. */
  readonly url: string | undefined
  output(): string
  /** SIGTERM to its process group; resolves with the exit code (null if a signal ended it). */
  stop(): Promise<number | null>
  readonly spec: DaemonSpec
}

export interface DaemonSpec {
  readonly name: string
  /** Run with `bash -c`: a single command is exec'd, so the signal reaches the program itself. */
  readonly command: string
  readonly cwd: string
  readonly env: Record<string, string>
  /** Text or pattern that says it is ready; a first group, if any, is its URL. */
  readonly ready: RegExp
  readonly timeoutMs?: number
  /** GET {url}/healthz must answer 200 once it is ready (the gate and the guard serve one). */
  readonly healthz?: boolean
}

export async function startDaemon(spec: DaemonSpec): Promise<Daemon> {
  const child: ChildProcess = spawn('bash', ['-c', spec.command], { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let check: () => void = () => undefined
  const onData = (d: Buffer): void => { out += d.toString(); check() }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code); check() }))
  let done = false
  const signal = (sig: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, sig)
    } catch {
      // already gone
    }
  }
  const stop = async (): Promise<number | null> => {
    if (!done) {
      done = true
      signal('SIGTERM')
      // A daemon that ignores SIGTERM is killed after 10 s, and reported: it exits by signal, not 0.
      const timer = setTimeout(() => signal('SIGKILL'), 10_000)
      void exited.then(() => clearTimeout(timer))
    }
    return exited
  }
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.name} did not say it was ready (${spec.ready}) within ${spec.timeoutMs ?? 15_000} ms: ${spec.command}\n${out}`)), spec.timeoutMs ?? 15_000)
    check = () => {
      const m = spec.ready.exec(out)
      if (m !== null) {
        clearTimeout(timer)
        check = () => undefined
        resolve(m)
      } else if (child.exitCode !== null || child.signalCode !== null) {
        clearTimeout(timer)
        check = () => undefined
        reject(new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}) before it was ready: ${spec.command}\n${out}`))
      }
    }
    check()
  }).catch(async (e: unknown) => {
    await stop()
    throw e
  })
  return { name: spec.name, url: match[1], output: () => out, stop, spec }
}

/** GET {url}/healthz must answer 200: the daemon serves, not just prints. */
export async function checkHealthz(d: Daemon): Promise<void> {
  if (d.url === undefined || d.spec.healthz !== true) return
  const r = await fetch(`${d.url}/healthz`)
  if (r.status !== 200) throw new Error(`${d.name}: GET ${d.url}/healthz answered ${r.status}: ${await r.text()}`)
}
