/** @module bench/proxy-table: bench:proxy's figures as a Markdown table: medians of the rounds, and each target against its floor. */
import type { WrkResult } from './proxy-run.js'

/** One round of one target: the loaded run, the one-connection run, CPU µs per call of each hop. */
export interface Measured {
  load: WrkResult
  one: WrkResult
  cpu: number[]
}

const f = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : '-')
const thousands = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-')

/**
 * Medians per column (each column its own median round), then the ratios to the floor named by the
 * target: req/s and CPU per call as ×, the p50 at one connection as the difference in ms.
 */
export function proxyTable(targets: Array<{ name: string; floor?: string }>, results: ReadonlyMap<string, Measured[]>, median: (xs: number[]) => number): string {
  const med = (name: string): { rps: number; p50: number; p99: number; p50one: number; p99one: number; cpu: number[] } | undefined => {
    const rs = results.get(name)
    if (rs === undefined || rs.length === 0) return undefined
    const hops = Math.max(...rs.map((r) => r.cpu.length))
    return {
      rps: median(rs.map((r) => r.load.rps)), p50: median(rs.map((r) => r.load.p50ms)), p99: median(rs.map((r) => r.load.p99ms)),
      p50one: median(rs.map((r) => r.one.p50ms)), p99one: median(rs.map((r) => r.one.p99ms)),
      cpu: Array.from({ length: hops }, (_, i) => median(rs.map((r) => r.cpu[i] ?? NaN))),
    }
  }
  const lines = [
    '| target | req/s | p50 / p99 (ms) | p50 / p99 at 1 conn (ms) | CPU µs/call (by hop) | req/s vs floor | CPU vs floor | p50 at 1 conn vs floor |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const t of targets) {
    const m = med(t.name)
    if (m === undefined) continue
    const fl = t.floor === undefined ? undefined : med(t.floor)
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)
    const vs = fl === undefined
      ? ['', '', '']
      : [`${f(m.rps / fl.rps, 2)}×`, `${f(sum(m.cpu) / sum(fl.cpu), 2)}×`, `${m.p50one - fl.p50one >= 0 ? '+' : ''}${f(m.p50one - fl.p50one, 3)} ms`]
    lines.push(`| ${t.name} | ${thousands(m.rps)} | ${f(m.p50, 2)} / ${f(m.p99, 2)} | ${f(m.p50one, 3)} / ${f(m.p99one, 3)} | ${m.cpu.map((c) => f(c)).join(' + ')} | ${vs.join(' | ')} |`)
  }
  lines.push('', `rounds (req/s): ${targets.map((t) => `${t.name}: ${(results.get(t.name) ?? []).map((r) => f(r.load.rps)).join(', ')}`).join('; ')}`)
  return lines.join('\n')
}
