/** @module policy/store: the edge that holds the last good policy and reloads it (fail closed). */
import { watch as fsWatch } from 'node:fs'
import { statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { VerbatimError, isVerbatimError } from '../errors/index.js'
import type { CompiledPolicy } from './compile.js'
import { loadPolicy } from './load.js'

export type ReloadResult = { ok: true; digest: string } | { ok: false; error: VerbatimError }

/** Watches one folder and reports the name of each entry that changed (null when unknown). */
export type WatchFolder = (dir: string, onChange: (name: string | null) => void) => { close(): void }

export interface PolicyStoreOptions {
  /** Replaces loadPolicy (tests inject one). */
  load?: (paths: string[]) => Promise<CompiledPolicy>
  /** Quiet time after the last file event before a reload; default 100 ms. */
  debounceMs?: number
  /** Replaces node:fs watch (tests inject one). */
  watchFolder?: WatchFolder
  /** Runs `task` after `ms` and returns its cancel; default setTimeout (tests inject fake timers). */
  after?: (ms: number, task: () => void | Promise<unknown>) => () => void
}

const nodeWatchFolder: WatchFolder = (dir, onChange) => fsWatch(dir, (_event, name) => onChange(name === null ? null : String(name)))

function nodeAfter(ms: number, task: () => void | Promise<unknown>): () => void {
  const t = setTimeout(() => void task(), ms)
  return () => clearTimeout(t)
}

/**
 * Holds the last good policy. A reload that fails keeps serving the previous policy; with no
 * previous policy there is nothing to serve, so `open` throws and the gate refuses to start.
 */
export class PolicyStore {
  readonly paths: readonly string[]
  #current: CompiledPolicy | undefined
  #load: (paths: string[]) => Promise<CompiledPolicy>
  #debounceMs: number
  #watchers: { close(): void }[] = []
  #cancel: () => void = () => undefined
  readonly #watchFolder: WatchFolder
  readonly #after: NonNullable<PolicyStoreOptions['after']>
  #queue: Promise<unknown> = Promise.resolve()

  constructor(paths: string[], options: PolicyStoreOptions = {}) {
    this.paths = [...paths]
    this.#load = options.load ?? loadPolicy
    this.#debounceMs = options.debounceMs ?? 100
    this.#watchFolder = options.watchFolder ?? nodeWatchFolder
    this.#after = options.after ?? nodeAfter
  }

  /** Loads the policy once; throws ERR_POLICY_INVALID when it does not load. */
  static async open(paths: string[], options: PolicyStoreOptions = {}): Promise<PolicyStore> {
    const store = new PolicyStore(paths, options)
    const r = await store.reload()
    if (!r.ok) throw r.error
    return store
  }

  /** The policy in force. */
  get current(): CompiledPolicy {
    if (this.#current === undefined) throw new VerbatimError('ERR_POLICY_INVALID', 'no policy has loaded')
    return this.#current
  }

  get digest(): string | undefined {
    return this.#current?.digest
  }

  /** Loads again; on failure the last good policy stays in force. Reloads run one at a time. */
  reload(): Promise<ReloadResult> {
    const run = async (): Promise<ReloadResult> => {
      try {
        const next = await this.#load([...this.paths])
        this.#current = next
        return { ok: true, digest: next.digest }
      } catch (e) {
        const error = isVerbatimError(e) ? e : new VerbatimError('ERR_POLICY_INVALID', (e as Error).message, { cause: e })
        return { ok: false, error }
      }
    }
    const p = this.#queue.then(run, run)
    this.#queue = p
    return p
  }

  /** Reloads after file changes (debounced) and reports each outcome. Watches parent folders of files, so renames by editors count. */
  watch(onChange: (r: ReloadResult) => void): void {
    const fire = (): void => {
      this.#cancel()
      this.#cancel = this.#after(this.#debounceMs, () => this.reload().then(onChange))
    }
    for (const p of this.paths) {
      let isDir = false
      try { isDir = statSync(p).isDirectory() } catch { /* a missing file may appear later */ }
      const dir = isDir ? p : dirname(p)
      const only = isDir ? undefined : basename(p)
      const w = this.#watchFolder(dir, (name) => {
        if (only === undefined || name === null || name === only) fire()
      })
      this.#watchers.push(w)
    }
  }

  /** Stops watching. */
  close(): void {
    this.#cancel()
    for (const w of this.#watchers) w.close()
    this.#watchers = []
  }
}
