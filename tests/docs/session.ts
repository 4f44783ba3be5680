/**
 * @module tests/docs/session: the state a run of doc blocks shares, and the substitutions applied to each block.
 *
 * Blocks with the same `session=` in one doc run in order, in one directory, with one shell. Before a
 * block runs, its text is rewritten, and only in these ways (each one stands for an action the doc
 * tells the reader to take, or keeps the run inside the temp dir):
 *
 * 1. Absolute paths under MAPPED_ROOTS (/etc/verbatim, /var/lib/verbatim) move into the session
 *    directory. A command that names any other system path (/etc, /var, /run, /usr, /home, …) is
 *    refused, so nothing is ever written outside the temp dir.
 * 2. Ports listed with `ports=8080,9090` become free ports, chosen once per session, wherever the
 *    number appears in a later block of the session. Output maps them back.
 * 3. `DIR/<kid>.key.pem` and `DIR/<kid>.jwk.json` name the one such file that `verbatim keys generate`
 *    wrote into DIR (the doc shows the command and says to use the path it printed).
 *
 * Output is mapped back (session paths to the doc's paths, relative when under the session dir,
 * ports to the doc's ports) before normalise.ts compares it.
 */
import { readdirSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Daemon, DaemonSpec } from './daemons.js'
import { checkHealthz, startDaemon } from './daemons.js'
import { Shell } from './shell.js'
import { freePort } from '../helpers/ports.js'

export const MAPPED_ROOTS = ['/etc/verbatim', '/var/lib/verbatim'] as const

const SYSTEM_PATH = /(?:^|[\s=:'"(])((?:\/(?:etc|var|run|srv|opt|usr|home|root|mnt|tmp|boot|lib|sbin|bin))(?:\/[^\s'"]*)?)/g

export class Session {
  readonly name: string
  readonly dir: string
  readonly #env: Record<string, string>
  readonly ports = new Map<number, number>()
  readonly daemons: Daemon[] = []
  #shell: Shell | undefined

  constructor(name: string, dir: string, env: Record<string, string>) {
    this.name = name
    this.dir = dir
    this.#env = env
  }

  get shell(): Shell {
    this.#shell ??= new Shell(this.dir, this.#env, join(this.dir, '.doc-test'))
    return this.#shell
  }

  /** The environment and directory a program started now would get (the shell's, once it has run). */
  async state(): Promise<{ env: Record<string, string>; cwd: string }> {
    return this.#shell === undefined ? { env: { ...this.#env }, cwd: this.dir } : this.#shell.state()
  }

  /** Chooses a free port for each documented port not mapped yet. */
  async mapPorts(documented: readonly number[]): Promise<void> {
    for (const p of documented) if (!this.ports.has(p)) this.ports.set(p, await freePort())
  }

  /** Rewrites a block's text (see the module comment); `base` is where relative paths in it resolve. */
  mapIn(text: string, base: string = this.dir): string {
    let t = text
    for (const r of MAPPED_ROOTS) t = t.replace(new RegExp(`(^|[\\s=:'"(\\[{,])${r}(?=[/\\s'"\\]},)]|$)`, 'gm'), `$1${this.dir}${r}`)
    for (const [doc, real] of this.ports) t = t.replace(new RegExp(`(?<![0-9])${doc}(?![0-9])`, 'g'), String(real))
    return t.replace(/([A-Za-z0-9_./-]*)<kid>\.(key\.pem|jwk\.json)/g, (_all, prefix: string, ext: string) => {
      const dir = resolve(base, prefix === '' ? '.' : prefix)
      const found = safeList(dir).filter((n) => n.endsWith(`.${ext}`))
      if (found.length !== 1) throw new Error(`${prefix}<kid>.${ext}: expected exactly one *.${ext} in ${dir} (written by verbatim keys generate in an earlier block), found ${found.length}`)
      return `${prefix}${found[0]}`
    })
  }

  /** Refuses a command that names a system path the mapping did not move into the session. */
  assertContained(command: string): void {
    for (const m of command.matchAll(SYSTEM_PATH)) {
      const p = m[1] ?? ''
      if (p.startsWith(this.dir) || p === '/dev/null') continue
      throw new Error(`${p}: a doc command names a system path outside the mapped roots (${MAPPED_ROOTS.join(', ')}); add it to MAPPED_ROOTS or use a relative path`)
    }
  }

  /** Maps output back to what the doc shows. */
  mapOut(text: string): string {
    let t = text
    for (const r of MAPPED_ROOTS) t = t.split(`${this.dir}${r}`).join(r)
    t = t.split(`${this.dir}/`).join('').split(this.dir).join('.')
    for (const [doc, real] of this.ports) t = t.replace(new RegExp(`(?<![0-9])${real}(?![0-9])`, 'g'), String(doc))
    return t
  }

  /** Starts a daemon, waits for its ready line and checks /healthz when it prints a URL. */
  async startDaemon(spec: DaemonSpec): Promise<Daemon> {
    const d = await startDaemon(spec)
    this.daemons.push(d)
    await checkHealthz(d)
    return d
  }

  /** Stops the daemons named `name` (all if undefined); each must exit 0, as on a clean SIGTERM. */
  async stopDaemons(name?: string): Promise<DaemonSpec[]> {
    const stopping = this.daemons.filter((d) => name === undefined || d.name === name)
    const specs: DaemonSpec[] = []
    for (const d of stopping) {
      this.daemons.splice(this.daemons.indexOf(d), 1)
      const code = await d.stop()
      if (code !== 0) throw new Error(`${d.name} exited ${code} on SIGTERM, expected a clean stop (0): ${d.spec.command}\n${d.output()}`)
      specs.push(d.spec)
    }
    return specs
  }

  /** Stops the daemons named `name` and starts them again with the same command, directory and environment. */
  async restart(name: string): Promise<void> {
    const specs = await this.stopDaemons(name)
    if (specs.length === 0) throw new Error(`restart=${name}: no ${name} is running in session ${this.name}`)
    for (const s of specs) await this.startDaemon(s)
  }

  /** Creates a directory inside the session (for files blocks write). */
  async ensureDir(path: string): Promise<void> {
    await mkdir(path, { recursive: true })
  }

  async close(): Promise<void> {
    for (const d of this.daemons.splice(0)) await d.stop()
    await this.#shell?.close()
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

