/** @module bench/fixtures: a fast upstream and a gate started in child processes, a free port; loopback only. */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

export interface Child {
  port: number
  child: ChildProcess
  stop(): Promise<void>
}

/** Forks `dist/bench/<script>.js` and waits for its port over IPC. BENCH_PROF=DIR writes CPU profiles there. */
export function forkChild(script: string, args: string[]): Promise<Child> {
  const child = fork(fileURLToPath(new URL(`./${script}.js`, import.meta.url)), args, { execArgv: process.env['BENCH_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROF']}`] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)))
    child.once('message', (m: { port: number }) =>
      resolve({
        port: m.port,
        child,
        stop: () =>
          new Promise((r) => {
            child.removeAllListeners('exit')
            child.once('exit', () => r())
            child.kill('SIGTERM')
          }),
      }),
    )
  })
}

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const p = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return p
}
