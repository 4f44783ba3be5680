/**
 * @module bench/calls-count: loaded with `--import` into a process under bench:calls. Counts what the
 * process does between two SIGUSR2s: async resources by type (promises, timers, immediates, ticks,
 * fs requests, socket writes), JSON.stringify and JSON.parse, Buffer copies (concat, from a buffer),
 * lines written to stdout and stderr (logs), prom-client metric calls, bytes allocated on the JS heap
 * (v8.GCProfiler), CPU time. The second SIGUSR2 writes them to $BENCH_COUNT_OUT as JSON. Bench only:
 * it wraps globals, which the product never does.
 */
import { createHook } from 'node:async_hooks'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import v8 from 'node:v8'

const counts: Record<string, number> = {}
const bump = (k: string, n = 1): void => void (counts[k] = (counts[k] ?? 0) + n)
let on = false

// BENCH_COUNT_WHERE=PROMISE (an async resource type) also counts where each one is made: the first
// frame in the product's own code (slow: a stack per resource; for finding them, not for timing).
const where = process.env['BENCH_COUNT_WHERE']
const site = (): string => {
  const frames = (new Error().stack ?? '').split('\n').slice(2)
  const own = frames.find((l) => l.includes('/dist/src/')) ?? frames.find((l) => !l.includes('node:internal') && !l.includes('calls-count')) ?? ''
  return own.replace(/^\s*at /, '').replace(/\(?(file:\/\/)?\/.*\/dist\//, '(').replace(/:\d+\)?$/, ')')
}
createHook({
  init: (_id, type) => {
    if (!on) return
    bump(`async ${type}`)
    if (type === where) bump(`${type} at ${site()}`)
  },
}).enable()

function wrap<T extends object>(owner: T, name: keyof T & string, key: string, bytes?: (args: unknown[]) => number | undefined): void {
  const original = owner[name] as unknown as (...a: unknown[]) => unknown
  if (typeof original !== 'function') return
  ;(owner as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]): unknown {
    if (on) {
      const n = bytes?.(args)
      if (bytes === undefined || n !== undefined) bump(key)
      if (n !== undefined) bump(`${key} bytes`, n)
    }
    return original.apply(this, args)
  }
}
wrap(JSON, 'stringify', 'JSON.stringify')
wrap(JSON, 'parse', 'JSON.parse')
wrap(Buffer, 'concat', 'Buffer copies', (a) => (a[0] as Uint8Array[]).reduce((n, b) => n + b.byteLength, 0))
// Buffer.from over bytes copies them; over an ArrayBuffer it is a view (not counted); over a string it encodes.
wrap(Buffer, 'from', 'Buffer copies', (a) => (ArrayBuffer.isView(a[0]) ? a[0].byteLength : undefined))
wrap(Buffer, 'from', 'Buffer.from(string)', (a) => (typeof a[0] === 'string' ? a[0].length : undefined))
wrap(process.stderr, 'write', 'log lines')
wrap(process.stdout, 'write', 'log lines')
// The product's own prom-client (resolved from the working tree, as the product resolves it).
try {
  const prom = createRequire(`${process.cwd()}/package.json`)('prom-client') as Record<string, { prototype: Record<string, unknown> }>
  for (const [cls, methods] of [['Counter', ['inc']], ['Gauge', ['set', 'inc', 'dec']], ['Histogram', ['observe']], ['Summary', ['observe']]] as const) {
    for (const m of methods) wrap(prom[cls]?.prototype ?? {}, m, 'metric calls')
  }
} catch {
  // no prom-client here (the floor): nothing to count
}

let gc: v8.GCProfiler | undefined
let cpu = process.cpuUsage()
let heapAt = 0
process.on('SIGUSR2', () => {
  if (!on) {
    for (const k of Object.keys(counts)) delete counts[k]
    gc = new v8.GCProfiler()
    gc.start()
    heapAt = v8.getHeapStatistics().used_heap_size
    cpu = process.cpuUsage()
    on = true
    return
  }
  on = false
  const used = process.cpuUsage(cpu)
  const stats = gc?.stop()?.statistics ?? []
  // Allocated = what the heap grew by + what each collection freed.
  const freed = stats.reduce((n, s) => n + s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize, 0)
  const out = { ...counts, 'CPU µs': used.user + used.system, 'JS heap bytes allocated': v8.getHeapStatistics().used_heap_size - heapAt + freed, 'GC runs': stats.length }
  writeFileSync(process.env['BENCH_COUNT_OUT'] ?? `bench-count-${process.pid}.json`, JSON.stringify(out))
})
