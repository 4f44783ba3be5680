/**
 * @module tests/imports: the import graph of src/, type-only imports included: no cycles, and the
 * one-way rooms (the log never imports the auditor, the protocol never imports its spec generator).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))

/**
 * Imports allowed to close a cycle, each until its issue is fixed. Whoever breaks the cycle removes
 * its entry in the same change: the last test below fails while an entry closes no cycle.
 */
const KNOWN_CYCLES: ReadonlyArray<readonly [from: string, to: string]> = []

/** Rooms that others may enter only through their index.ts. */
const INDEXED_ROOMS = ['audit', 'auditor', 'binding', 'spec', 'approval', 'console']

type Graph = ReadonlyMap<string, readonly string[]>

/** A module's room: its first folder under src/ (a top-level file is a room of its own). */
const roomOf = (module: string): string => module.split('/')[0]!
const inRoom = (graph: Graph, room: string): string[] => [...graph.keys()].filter((m) => roomOf(m) === room)
const without = (graph: Graph, edges: ReadonlyArray<readonly [string, string]>): Graph =>
  new Map([...graph].map(([from, to]) => [from, to.filter((t) => !edges.some(([a, b]) => a === from && b === t))]))

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? modules(p) : e.name.endsWith('.ts') ? [p] : []
  })
}

/** Every module of src/ (by its path under src/) and the modules it imports, by any form of import. */
function importGraph(): { graph: Graph; unresolved: string[] } {
  const files = modules(SRC)
  const known = new Set(files.map((f) => relative(SRC, f)))
  const graph = new Map<string, string[]>()
  const unresolved: string[] = []
  for (const file of files) {
    const from = relative(SRC, file)
    const specifiers = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName)
    const targets: string[] = []
    for (const s of specifiers.filter((s) => s.startsWith('.'))) {
      const to = relative(SRC, resolve(dirname(file), s.replace(/\.js$/, '.ts')))
      if (known.has(to)) targets.push(to)
      else unresolved.push(`${from} -> ${s}`)
    }
    graph.set(from, [...new Set(targets)])
  }
  return { graph, unresolved }
}

/** Tarjan's strongly connected components; those of more than one module, or a module importing itself, are cycles. */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const scc: string[] = []
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w)
      scc.push(w)
      if (w === v) break
    }
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort())
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return out
}

/** Every module reachable from `roots`, the roots included, each with the module that first imported it. */
function reach(graph: Graph, roots: readonly string[]): Map<string, string | null> {
  const parent = new Map<string, string | null>(roots.map((r) => [r, null]))
  const todo = [...roots]
  for (let v = todo.shift(); v !== undefined; v = todo.shift()) {
    for (const w of graph.get(v) ?? []) if (!parent.has(w)) { parent.set(w, v); todo.push(w) }
  }
  return parent
}

/** The import chain from a root to `module`, as `a -> b -> c`. */
function chain(parent: ReadonlyMap<string, string | null>, module: string): string {
  const path = [module]
  for (let p = parent.get(module); p != null; p = parent.get(p)) path.unshift(p)
  return path.join(' -> ')
}

/** One cycle through each strongly connected component, as `a -> b -> a`: the imports to cut. */
function showCycle(graph: Graph, scc: readonly string[]): string {
  const start = scc[0]!
  const inside = new Map([...graph].filter(([m]) => scc.includes(m)).map(([m, to]) => [m, to.filter((t) => scc.includes(t) && t !== start)]))
  const parent = reach(inside, [start])
  const last = [...parent.keys()].find((m) => (graph.get(m) ?? []).includes(start))!
  return `${chain(parent, last)} -> ${start}`
}

/** The import chains by which `roots` reach a module of one of `rooms`, one per module first entered. */
function entries(graph: Graph, roots: readonly string[], rooms: readonly string[]): string[] {
  const parent = reach(graph, roots)
  return [...parent].filter(([m, p]) => rooms.includes(roomOf(m)) && (p === null || !rooms.includes(roomOf(p)))).map(([m]) => chain(parent, m))
}

describe('the import graph of src/', () => {
  const { graph, unresolved } = importGraph()

  it('resolves every relative import to a module of src/ (else the checks below would miss an edge)', () => {
    expect(unresolved).toEqual([])
    expect(graph.size).toBeGreaterThan(100)
  })

  it('has no import cycle, type-only imports included, beyond the allow-listed ones', () => {
    const rest = without(graph, KNOWN_CYCLES)
    expect(cycles(rest).map((scc) => showCycle(rest, scc))).toEqual([])
  })

  it('src/audit (the log) never imports src/auditor (the auditor\'s tools), directly or through another room', () => {
    expect(inRoom(graph, 'auditor')).toContain('auditor/index.ts')
    expect(entries(graph, inRoom(graph, 'audit'), ['auditor'])).toEqual([])
  })

  it('src/binding (the protocol) never imports src/spec (its specification generator), directly or through another room', () => {
    expect(inRoom(graph, 'spec')).toContain('spec/index.ts')
    expect(entries(graph, inRoom(graph, 'binding'), ['spec'])).toEqual([])
  })

  it('the hot path (gate and guard) imports neither the auditor\'s tools nor the spec generator', () => {
    expect(entries(graph, [...inRoom(graph, 'gate'), ...inRoom(graph, 'guard')], ['auditor', 'spec'])).toEqual([])
  })

  it.each(INDEXED_ROOMS)('other rooms enter src/%s only through its index.ts', (room) => {
    const stray = [...graph].flatMap(([from, to]) => to.filter((t) => roomOf(t) === room && roomOf(from) !== room && t !== `${room}/index.ts`).map((t) => `${from} -> ${t}`))
    expect(stray).toEqual([])
  })

  it.each(KNOWN_CYCLES.map(([a, b]) => [`${a} -> ${b}`, a, b] as const))('allow-listed %s still closes a cycle (remove its entry once it does not)', (_name, from, to) => {
    expect(graph.get(from)).toContain(to)
    expect(reach(graph, [to]).has(from)).toBe(true)
  })
})
