import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PolicyStore, loadPolicy } from '../../src/policy/index.js'
import type { ReloadResult, WatchFolder } from '../../src/policy/index.js'
import { manualTimers } from '../audit/timers.js'

/** A folder watcher the test fires by hand. */
function manualWatch(): { watchFolder: WatchFolder; change: (name: string | null) => void; open: () => number } {
  const listeners = new Set<(name: string | null) => void>()
  return {
    watchFolder: (_dir, onChange) => {
      listeners.add(onChange)
      return { close: () => void listeners.delete(onChange) }
    },
    change: (name) => { for (const l of listeners) l(name) },
    open: () => listeners.size,
  }
}

const GOOD = 'rules:\n  - { id: r1, effect: allow, agents: [a], tools: [t] }\n'
const OTHER = 'rules:\n  - { id: r2, effect: allow, agents: [a], tools: [t] }\n'
const BAD = 'rules:\n  - { id: r1, effect: maybe, agents: [a], tools: [t] }\n'

let dir = ''
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'verbatim-policy-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

describe('policy loading', () => {
  it('loads *.yaml, *.yml and *.json from a folder and ignores other files', async () => {
    await writeFile(join(dir, 'a.yaml'), GOOD)
    await writeFile(join(dir, 'b.json'), JSON.stringify({ rules: [{ id: 'r3', effect: 'deny', agents: ['*'], tools: ['*'] }] }))
    await writeFile(join(dir, 'c.yml'), OTHER)
    await writeFile(join(dir, 'notes.txt'), 'not a policy')
    expect((await loadPolicy([dir])).ruleCount).toBe(3)
  })

  it('refuses a folder with no policy files with ERR_POLICY_INVALID', async () => {
    await expect(loadPolicy([dir])).rejects.toMatchObject({ code: 'ERR_POLICY_INVALID', status: 500 })
  })

  it('refuses a missing path with ERR_POLICY_INVALID', async () => {
    await expect(loadPolicy([join(dir, 'nope.yaml')])).rejects.toMatchObject({ code: 'ERR_POLICY_INVALID' })
  })
})

describe('policy store: the last good policy', () => {
  it('refuses to open when the first policy does not load', async () => {
    await writeFile(join(dir, 'p.yaml'), BAD)
    await expect(PolicyStore.open([dir])).rejects.toMatchObject({ code: 'ERR_POLICY_INVALID' })
  })

  it('keeps serving the last good policy when a reload fails', async () => {
    const file = join(dir, 'p.yaml')
    await writeFile(file, GOOD)
    const store = await PolicyStore.open([file])
    const good = store.current.digest
    await writeFile(file, BAD)
    const r = await store.reload()
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('ERR_POLICY_INVALID')
    expect(store.current.digest).toBe(good)
  })

  it('switches to a new good policy on reload', async () => {
    const file = join(dir, 'p.yaml')
    await writeFile(file, GOOD)
    const store = await PolicyStore.open([file])
    const before = store.current.digest
    await writeFile(file, OTHER)
    const r = await store.reload()
    expect(r).toEqual({ ok: true, digest: store.current.digest })
    expect(store.current.digest).not.toBe(before)
  })

  it('reloads after a file changes on disk when watching', async () => {
    await writeFile(join(dir, 'p.yaml'), GOOD)
    const store = await PolicyStore.open([dir], { debounceMs: 20 })
    const before = store.current.digest
    const changed = new Promise<ReloadResult>((resolve) => store.watch(resolve))
    try {
      await writeFile(join(dir, 'p.yaml'), OTHER)
      const r = await changed
      expect(r.ok).toBe(true)
      expect(store.current.digest).not.toBe(before)
    } finally {
      store.close()
    }
  })

  it('coalesces a burst of changes into one reload after the quiet time, on injected timers', async () => {
    const file = join(dir, 'p.yaml')
    await writeFile(file, GOOD)
    const timers = manualTimers()
    const watch = manualWatch()
    let loads = 0
    const store = await PolicyStore.open([file], { debounceMs: 100, after: timers.after, watchFolder: watch.watchFolder, load: (p) => (loads++, loadPolicy(p)) })
    const results: ReloadResult[] = []
    store.watch((r) => results.push(r))
    await writeFile(file, OTHER)
    watch.change('p.yaml')
    await timers.advance(60)
    watch.change('p.yaml')
    watch.change('other.yaml') // another file in the folder: not this store's
    await timers.advance(99)
    expect(results).toEqual([])
    await timers.advance(1)
    expect(loads).toBe(2)
    expect(results).toEqual([{ ok: true, digest: store.current.digest }])
    store.close()
    expect(watch.open()).toBe(0)
    expect(timers.armed()).toBe(0)
  })

  it('reports a failed reload from a change and keeps serving the last good policy', async () => {
    const file = join(dir, 'p.yaml')
    await writeFile(file, GOOD)
    const timers = manualTimers()
    const watch = manualWatch()
    const store = await PolicyStore.open([file], { debounceMs: 10, after: timers.after, watchFolder: watch.watchFolder })
    const good = store.current.digest
    const results: ReloadResult[] = []
    store.watch((r) => results.push(r))
    await writeFile(file, BAD)
    watch.change(null)
    await timers.advance(10)
    expect(results).toMatchObject([{ ok: false, error: { code: 'ERR_POLICY_INVALID' } }])
    expect(store.current.digest).toBe(good)
    store.close()
  })

  it('throws ERR_POLICY_INVALID for current before any policy loaded', () => {
    expect(() => new PolicyStore([dir]).current).toThrow(expect.objectContaining({ code: 'ERR_POLICY_INVALID' }))
  })
})
