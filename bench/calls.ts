/**
 * @module bench/calls: what one call costs each process, counted rather than timed, so that a busy
 * machine does not blur it: the gate, the floor gate, and the two guarded chains, each driven with
 * N calls at C connections after a warm-up. Per call, per process: CPU µs, JS heap bytes allocated,
 * promises, timers, immediates, ticks, fs requests, JSON serialisations, Buffer copies, log lines,
 * metric calls (bench/calls-count); with --callgrind, instructions (valgrind, repeatable to a few
 * per cent); with --strace, system calls by name.
 * With --cpu-prof, each process writes a V8 CPU profile instead of the counts (printed: where).
 * Run: npm run bench:calls [-- TARGETS N C] [--callgrind] [--strace] [--cpu-prof]; TARGETS is a comma
 * list of gate, floor-gate, chain, floor-chain (default all).
 */
import { execFile, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Pool } from 'undici'
import { freePort } from './fixtures.js'
import { startProc, stopProc } from './proxy-run.js'
import { BODY, CALL_HEADERS, ROOT, benchFiles, floorGateCommand, floorGuardCommand, gateCommand, guardCommand, upstreamCommand } from './setup.js'
import type { Command } from './setup.js'

const run = promisify(execFile)
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'))
const [names = 'gate,floor-gate,chain,floor-chain', n = '2000', c = '8'] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const N = Number(n)
const C = Number(c)
const callgrind = flags.includes('--callgrind')
const WARM_UP = Number(process.env['BENCH_WARM_UP'] ?? 4000)
// Under callgrind V8 compiles and collects on the main thread (--single-threaded), so a count does not depend on when a helper thread ran.
const strace = flags.includes('--strace')
const f = await benchFiles('calls')
// A profile is taken without the counting hooks (async hooks would weigh in it).
const cpuProf = flags.includes('--cpu-prof')
// Profiles go where the end of the run does not remove them (benchFiles' directories are removed).
const profiles = cpuProf ? await mkdtemp(join(tmpdir(), 'verbatim-profiles-')) : ''
const V8_FLAGS = callgrind ? ['--single-threaded'] : cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : []
if (cpuProf) console.log(`CPU profiles (one per process, named by pid) in ${profiles}`)
const COUNT = join(ROOT, 'dist/bench/calls-count.js')
const WAKE = join(ROOT, 'dist/bench/calls-wake.js')

/** A process under measurement: how it starts, then its pid. */
interface Hop { label: string; command: (port: number, next: string) => Promise<Command> | Command; proc?: ChildProcess }
const gate = (guarded: boolean) => (port: number, next: string): Promise<Command> => gateCommand(f, { port, upstream: next, auditDir: join(f.diskDir, `gate-${port}`), guarded })
const targets: Record<string, Hop[]> = {
  gate: [{ label: 'gate', command: gate(false) }],
  'floor-gate': [{ label: 'floor gate', command: (port, next) => floorGateCommand(f, { port, upstream: next, guarded: false }) }],
  chain: [{ label: 'gate (guarded)', command: gate(true) }, { label: 'guard', command: (port, next) => guardCommand(f, { port, executor: next }) }],
  'floor-chain': [{ label: 'floor gate (guarded)', command: (port, next) => floorGateCommand(f, { port, upstream: next, guarded: true }) }, { label: 'floor guard', command: (port, next) => floorGuardCommand(f, { port, executor: next }) }],
}

/** Waits until a call goes through (a gate under valgrind probes its guard slowly), at most 5 minutes. */
async function ready(url: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await calls(url, 1)
    } catch (err) {
      if (i >= 300) throw err
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
}

async function calls(url: string, total: number): Promise<void> {
  const u = new URL(url)
  const pool = new Pool(u.origin, { connections: C })
  let left = total
  await Promise.all(Array.from({ length: C }, async () => {
    while (left-- > 0) {
      const r = await pool.request({ path: u.pathname, method: 'POST', headers: CALL_HEADERS, body: BODY })
      const text = await r.body.text()
      if (r.statusCode !== 200) throw new Error(`${r.statusCode}: ${text}`)
    }
  }))
  await pool.close()
}

/** Per call, per hop: the counts of calls-count, instructions, system calls. */
async function measure(name: string, hops: Hop[]): Promise<Map<string, Record<string, number>>> {
  const upPort = await freePort()
  const upstream = await startProc(upstreamCommand(f, upPort), upPort)
  let next = `http://127.0.0.1:${upPort}`
  const outs: string[] = []
  for (const h of [...hops].reverse()) {
    const port = await freePort()
    const out = join(f.dir, `count-${name}-${port}.json`)
    outs.unshift(out)
    const prefix = callgrind ? ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', '--instr-atstart=no', `--callgrind-out-file=${f.dir}/cg.%p`] : []
    const command = await h.command(port, next)
    h.proc = await startProc({ ...command, args: [...V8_FLAGS, ...command.args] }, port, { prefix, seconds: 300, env: cpuProf ? {} : { NODE_OPTIONS: `--import=${callgrind ? WAKE : COUNT}`, BENCH_COUNT_OUT: out } })
    next = `http://127.0.0.1:${port}`
  }
  const url = `${next}/v1/tools/fs.read`
  await ready(url)
  await calls(url, WARM_UP) // the JIT has compiled the hot path
  const pids = hops.map((h) => h.proc?.pid as number)
  const tracers = strace ? pids.map((pid, i) => startProcTrace(pid, join(f.dir, `strace-${name}-${i}.txt`))) : []
  if (strace) await new Promise((r) => setTimeout(r, 1000))
  const mark = (on: boolean) => async (pid: number): Promise<void> => {
    if (callgrind) await run('callgrind_control', ['-i', on ? 'on' : 'off', String(pid)])
    else if (!cpuProf) process.kill(pid, 'SIGUSR2')
  }
  for (const pid of pids) await mark(true)(pid)
  await calls(url, N)
  for (const pid of pids) await mark(false)(pid)
  const result = new Map<string, Record<string, number>>()
  for (const [i, h] of hops.entries()) {
    const pid = pids[i] as number
    const m: Record<string, number> = {}
    if (callgrind) {
      await run('callgrind_control', ['-d', String(pid)])
      const dumps = (await readdir(f.dir)).filter((x) => x.startsWith(`cg.${pid}.`))
      const text = await readFile(join(f.dir, dumps.sort().at(-1) as string), 'utf8')
      m['instructions'] = Number(/^totals: (\d+)/m.exec(text)?.[1]) / N
    } else if (!cpuProf) {
      await new Promise((r) => setTimeout(r, 300))
      const counts = JSON.parse(await readFile(outs[i] as string, 'utf8')) as Record<string, number>
      for (const [k, v] of Object.entries(counts)) m[k] = v / N
    }
    if (strace) Object.assign(m, await stopProcTrace(tracers[i] as ChildProcess, join(f.dir, `strace-${name}-${i}.txt`)))
    result.set(h.label, m)
  }
  for (const h of hops) if (h.proc !== undefined) await stopProc(h.proc)
  await stopProc(upstream)
  return result
}

/** strace -c on a running process (and its threads: the thread pool does the fs calls). */
const startProcTrace = (pid: number, out: string): ChildProcess => spawn('strace', ['-c', '-f', '-p', String(pid), '-o', out], { stdio: 'ignore' })

async function stopProcTrace(p: ChildProcess, out: string): Promise<Record<string, number>> {
  await new Promise<void>((r) => {
    p.once('exit', () => r())
    p.kill('SIGINT')
  })
  const m: Record<string, number> = {}
  for (const line of (await readFile(out, 'utf8')).split('\n')) {
    const x = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$/.exec(line)
    if (x !== null) m[`syscall ${x[2]}`] = Number(x[1]) / N
  }
  return m
}

const columns = new Map<string, Record<string, number>>()
for (const name of names.split(',')) {
  const hops = targets[name]
  if (hops === undefined) throw new Error(`unknown target ${name}: ${Object.keys(targets).join(', ')}`)
  for (const [label, m] of await measure(name, hops)) {
    let l = label
    for (let i = 2; columns.has(l); i++) l = `${label} (${i})`
    columns.set(l, m)
  }
}
const keys = [...new Set([...columns.values()].flatMap((m) => Object.keys(m)))].sort()
const labels = [...columns.keys()]
console.log(`bench:calls  ${N} calls at ${C} connections after a warm-up, per call and per process; node ${process.version}${callgrind ? ', instructions by callgrind' : ''}${strace ? ', system calls by strace' : ''}`)
console.log(`| per call | ${labels.join(' | ')} |`)
console.log(`| --- | ${labels.map(() => '---').join(' | ')} |`)
for (const k of keys) {
  const fmt = (v: number | undefined): string => (v === undefined ? '' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2))
  console.log(`| ${k} | ${labels.map((l) => fmt(columns.get(l)?.[k])).join(' | ')} |`)
}
