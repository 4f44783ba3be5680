/** Child processes for end-to-end tests: start, wait for a line, collect output, stop. */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'

export const ROOT = new URL('../..', import.meta.url).pathname
export const BIN = `${ROOT}bin/verbatim`

export interface Proc {
  child: ChildProcess
  output: () => string
  /** Resolves with the first match of `re` in stdout+stderr. */
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>
  stop: (signal?: NodeJS.Signals) => Promise<number | null>
}

export function start(cmd: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const listeners = new Set<() => void>()
  const onData = (d: Buffer): void => {
    out += d.toString()
    for (const l of listeners) l()
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    output: () => out,
    waitFor: (re, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = out.match(re)
          if (m) {
            listeners.delete(check)
            clearTimeout(timer)
            resolve(m)
          }
        }
        const timer = setTimeout(() => {
          listeners.delete(check)
          reject(new Error(`timed out waiting for ${re} in:\n${out}`))
        }, timeoutMs)
        listeners.add(check)
        void exited.then((code) => {
          if (listeners.has(check)) {
            listeners.delete(check)
            clearTimeout(timer)
            reject(new Error(`process exited (${code}) before ${re}:\n${out}`))
          }
        })
        check()
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
