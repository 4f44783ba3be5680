/** @module tests/docs/shell: one bash per session, so variables and the directory carry over from block to block as in a terminal. */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'

export interface CommandResult {
  readonly code: number
  /** stdout and stderr, interleaved as a terminal shows them. */
  readonly output: string
}

const DONE = '__DOC_TEST_DONE__'

/**
 * A bash reading commands from a pipe. `set -a` exports every variable a command assigns, so that
 * long-running commands, which the harness starts itself (daemons.ts), see the same environment.
 */
export class Shell {
  readonly #bash: ChildProcessWithoutNullStreams
  readonly #scratch: string
  #out = ''
  #err = ''
  #waiter: (() => void) | undefined
  #exited: number | null | undefined
  #seq = 0

  constructor(cwd: string, env: Record<string, string>, scratch: string) {
    this.#scratch = scratch
    // Its own process group, so that closing the session ends everything the shell started.
    this.#bash = spawn('bash', ['--noprofile', '--norc'], { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
    this.#bash.stdout.on('data', (d: Buffer) => { this.#out += d.toString(); this.#waiter?.() })
    this.#bash.stderr.on('data', (d: Buffer) => { this.#err += d.toString() })
    this.#bash.on('exit', (code) => { this.#exited = code; this.#waiter?.() })
    this.#bash.stdin.write('set -a\n')
  }

  /** Runs one command (it may span lines, e.g. a heredoc) and returns its exit code and output. */
  async run(command: string, timeoutMs = 20_000): Promise<CommandResult> {
    const n = ++this.#seq
    const file = join(this.#scratch, `cmd-${n}.out`)
    this.#bash.stdin.write(`{\n${command}\n} >${JSON.stringify(file)} 2>&1 </dev/null\necho "${DONE} ${n} $?"\n`)
    const code = await this.#until(new RegExp(`${DONE} ${n} (\\d+)\\n`), timeoutMs, command)
    const output = await readFile(file, 'utf8').catch(() => '')
    await rm(file, { force: true })
    return { code, output }
  }

  /** The environment and working directory a command would see now. */
  async state(): Promise<{ env: Record<string, string>; cwd: string }> {
    const file = join(this.#scratch, 'env')
    const r = await this.run(`env -0 >${JSON.stringify(file)}`)
    if (r.code !== 0) throw new Error(`cannot read the session's environment: ${r.output}`)
    const env: Record<string, string> = {}
    for (const entry of (await readFile(file, 'utf8')).split('\0')) {
      const eq = entry.indexOf('=')
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1)
    }
    return { env, cwd: env.PWD ?? '.' }
  }

  async #until(re: RegExp, timeoutMs: number, command: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined
        reject(new Error(`timed out after ${timeoutMs} ms: ${command}\n(a command that keeps running must be one the harness starts as a daemon: daemons.ts)`))
      }, timeoutMs)
      this.#waiter = () => {
        const m = re.exec(this.#out)
        if (m !== null) {
          this.#out = this.#out.slice((m.index ?? 0) + m[0].length)
          clearTimeout(timer)
          this.#waiter = undefined
          resolve(Number(m[1]))
        } else if (this.#exited !== undefined) {
          clearTimeout(timer)
          this.#waiter = undefined
          reject(new Error(`the session's shell exited (${this.#exited}) during: ${command}\n${this.#err}`))
        }
      }
      this.#waiter()
    })
  }

  /** Ends the shell and every process it started (its process group). */
  async close(): Promise<void> {
    if (this.#exited !== undefined || this.#bash.pid === undefined) return
    const pid = this.#bash.pid
    const gone = new Promise<void>((resolve) => this.#bash.once('exit', () => resolve()))
    const signal = (sig: NodeJS.Signals): void => {
      try {
        process.kill(-pid, sig)
      } catch {
        // already gone
      }
    }
    this.#bash.stdin.end()
    signal('SIGTERM')
    const timer = setTimeout(() => signal('SIGKILL'), 5_000)
    await gone
    clearTimeout(timer)
  }
}
