/**
 * @module bench/mcp: the same official SDK client calling server-everything's echo tool three ways
 * in one run: straight to the server, through a plain MCP pass-through proxy written on the SDK
 * (bench/mcp-proxy.ts, the peer), and through the gate and the guard (audit on, receipts checked).
 * Every hop its own process, as deployed; the clients in this one. Rounds alternate between the
 * three; medians are printed. Everything on 127.0.0.1.
 *   latency: one client, CALLS sequential calls: p50 and p99, and the p50 each hop adds to direct
 *   throughput: CLIENTS clients calling in a loop for SECONDS: calls per second, and the ratios
 *   cpu: the CPU time the hops (proxy; gate and guard) spent per call while one client called
 *        (Linux /proc): on a shared, noisy machine steadier than times, and what bounds throughput
 *   disk: write+fdatasync of one record in the audit folder, p50: a durable record waits for one,
 *        and each call through gate and guard waits for two (approval, then execution record)
 * Each target is first warmed up with WARMUP seconds of unmeasured calls (CLIENTS at a time).
 * Run: npm run bench:mcp [-- SECONDS CLIENTS ROUNDS CALLS WARMUP]; BENCH_PROF=DIR writes a CPU profile of each child there.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, open, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { openAuditWriter } from '../src/audit/index.js'
import { generateKeyPair, writeKeyFiles } from '../src/binding/index.js'
import { forkChild, freePort } from './fixtures.js'
import type { Child } from './fixtures.js'

const seconds = Number(process.argv[2] ?? 5)
const clients = Number(process.argv[3] ?? 8)
const rounds = Number(process.argv[4] ?? 3)
const calls = Number(process.argv[5] ?? 200)
// Unmeasured calls first, CLIENTS at a time, so that every hop runs optimised code as it would after
// its first minute in service: the CPU a call costs halved over the first ten thousand calls here.
const warmup = Number(process.argv[6] ?? 10)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TOKEN = 'bench-mcp-token-0123456789'
const ARGS = { message: 'a small tool call of about eighty bytes of arguments' }

async function everything(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort()
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((resolve) => {
    const on = (d: Buffer): void => void (/listening on port/i.test(d.toString()) && resolve())
    child.stdout.on('data', on)
    child.stderr.on('data', on)
  })
  child.stdout.resume()
  child.stderr.resume()
  return { url: `http://127.0.0.1:${port}/mcp`, stop: () => void child.kill('SIGKILL') }
}

async function connect(url: string, headers: Record<string, string>): Promise<Client> {
  const c = new Client({ name: 'bench', version: '1' })
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }))
  return c
}

/** CPU time (user + system) of a process so far, in ms; undefined where /proc is not there. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(f[11]) + Number(f[12])) * 10 // clock ticks: 100 per second on Linux
  } catch {
    return undefined
  }
}

/** p50 of `n` appends of a 600-byte line, each followed by fdatasync, in `dir`: what one durable record costs on this disk. */
async function fsyncP50(dir: string, n = 100): Promise<number> {
  const fh = await open(join(dir, 'fsync-probe'), 'a')
  const xs: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fh.write(`${'x'.repeat(599)}\n`)
    await fh.datasync()
    xs.push(performance.now() - t)
  }
  await fh.close()
  return median(xs)
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
const median = (xs: number[]): number => pct([...xs].sort((a, b) => a - b), 0.5)

/** One client, `calls` sequential calls after 20 to warm up: p50 and p99 in ms. */
async function latency(url: string, headers: Record<string, string>, hops: ReadonlyArray<number | undefined>): Promise<{ p50: number; p99: number; errors: number; cpu: number | undefined }> {
  const c = await connect(url, headers)
  const lat: number[] = []
  let errors = 0
  let cpu0: Array<number | undefined> = []
  for (let i = 0; i < calls + 20; i++) {
    if (i === 20) cpu0 = hops.map(cpuMs)
    const t = performance.now()
    try {
      await c.callTool({ name: 'echo', arguments: ARGS })
      if (i >= 20) lat.push(performance.now() - t)
    } catch {
      errors++
    }
  }
  const spent = hops.map((pid, i) => (cpuMs(pid) ?? NaN) - (cpu0[i] ?? NaN)).reduce((a, b) => a + b, 0)
  await c.close()
  lat.sort((a, b) => a - b)
  return { p50: pct(lat, 0.5), p99: pct(lat, 0.99), errors, cpu: hops.length === 0 || Number.isNaN(spent) ? undefined : spent / calls }
}

/** `clients` clients, each calling in a loop for `seconds`: calls per second. */
async function throughput(url: string, headers: Record<string, string>, seconds: number): Promise<{ cps: number; errors: number }> {
  const cs = await Promise.all(Array.from({ length: clients }, () => connect(url, headers)))
  let done = 0
  let errors = 0
  const end = performance.now() + seconds * 1000
  await Promise.all(cs.map(async (c) => {
    while (performance.now() < end) {
      try {
        await c.callTool({ name: 'echo', arguments: ARGS })
        done++
      } catch {
        errors++
      }
    }
  }))
  await Promise.all(cs.map((c) => c.close()))
  return { cps: done / seconds, errors }
}

const ev = await everything()
const dir = await mkdtemp(join(tmpdir(), 'verbatim-bench-mcp-'))
const gk = await writeKeyFiles(join(dir, 'gate'), await generateKeyPair())
const uk = await writeKeyFiles(join(dir, 'guard'), await generateKeyPair())
process.env['GATE_KEY'] = gk.privatePath
process.env['GUARD_KEY'] = uk.privatePath
process.env['BENCH_TOKEN'] = TOKEN
await writeFile(join(dir, 'policy.yaml'), 'rules:\n  - { id: echo, effect: allow, agents: [bench], tools: ["mcp:everything/tools/call/echo"] }\n')
// An executed log with an earlier run, as on any guard that has started before (no restart window).
await (await openAuditWriter({ dir: join(dir, 'executed'), process: 'guard', signer: await generateKeyPair(), startFields: { audience: 'ev-1' } })).close()
const proxy = await forkChild('mcp-proxy', [ev.url])
const guard = await forkChild('mcp-chain', ['guard', dir, ev.url])
const gate = await forkChild('mcp-chain', ['gate', dir, `http://127.0.0.1:${guard.port}`])
const targets: ReadonlyArray<{ name: string; url: string; headers: Record<string, string>; hops: Array<number | undefined> }> = [
  { name: 'direct to server-everything', url: ev.url, headers: {}, hops: [] },
  { name: 'plain MCP proxy (SDK)', url: `http://127.0.0.1:${proxy.port}/mcp`, headers: {}, hops: [proxy.child.pid] },
  { name: 'gate and guard', url: `http://127.0.0.1:${gate.port}/mcp/everything`, headers: { authorization: `Bearer ${TOKEN}` }, hops: [gate.child.pid, guard.child.pid] },
]

console.log(`bench:mcp  tools/call echo with the SDK client; latency: 1 client, ${calls} sequential calls; throughput: ${clients} clients for ${seconds}s; ${warmup}s warm-up each, then ${rounds} alternating rounds (medians); node ${process.version}, loopback, each hop its own process, audit on`)
const lat = targets.map(() => [] as Array<{ p50: number; p99: number; errors: number; cpu: number | undefined }>)
const tput = targets.map(() => [] as Array<{ cps: number; errors: number }>)
for (const t of targets) await throughput(t.url, t.headers, warmup)
const fsyncs: number[] = []
for (let r = 0; r < rounds; r++) {
  fsyncs.push(await fsyncP50(dir))
  for (const [i, t] of targets.entries()) lat[i]?.push(await latency(t.url, t.headers, t.hops))
  for (const [i, t] of targets.entries()) tput[i]?.push(await throughput(t.url, t.headers, seconds))
}
const p50 = lat.map((rs) => median(rs.map((x) => x.p50)))
const cps = tput.map((rs) => median(rs.map((x) => x.cps)))
const errors = targets.map((_, i) => (lat[i] ?? []).reduce((n, x) => n + x.errors, 0) + (tput[i] ?? []).reduce((n, x) => n + x.errors, 0))
console.log(`${''.padEnd(30)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'added p50'.padStart(10)} ${'hop cpu ms'.padStart(11)} ${`calls/s @${clients}`.padStart(12)} ${'errors'.padStart(7)}`)
for (const [i, t] of targets.entries()) {
  const added = i === 0 ? '' : `+${((p50[i] ?? 0) - (p50[0] ?? 0)).toFixed(2)}`
  const cpu = (lat[i] ?? []).flatMap((x) => (x.cpu === undefined ? [] : [x.cpu]))
  const hopCpu = cpu.length === 0 ? '' : median(cpu).toFixed(2)
  console.log(`${t.name.padEnd(30)} ${(p50[i] ?? 0).toFixed(2).padStart(8)} ${median((lat[i] ?? []).map((x) => x.p99)).toFixed(2).padStart(8)} ${added.padStart(10)} ${hopCpu.padStart(11)} ${(cps[i] ?? 0).toFixed(0).padStart(12)} ${String(errors[i]).padStart(7)}`)
}
const range = (xs: number[], digits: number): string => `${Math.min(...xs).toFixed(digits)}..${Math.max(...xs).toFixed(digits)}`
console.log(`spread over the rounds: ${targets.map((t, i) => `${t.name}: p50 ${range((lat[i] ?? []).map((x) => x.p50), 2)} ms, calls/s ${range((tput[i] ?? []).map((x) => x.cps), 0)}`).join('; ')}`)
const ratio = (a: number | undefined, b: number | undefined): string => `${((a ?? 0) / (b ?? 1)).toFixed(2)}x`
console.log(`throughput ratios: proxy/direct ${ratio(cps[1], cps[0])}, gate+guard/direct ${ratio(cps[2], cps[0])}, gate+guard/proxy ${ratio(cps[2], cps[1])} (goal >= 0.80x)`)
console.log(`added p50 at 1 client: proxy +${((p50[1] ?? 0) - (p50[0] ?? 0)).toFixed(2)} ms, gate+guard +${((p50[2] ?? 0) - (p50[0] ?? 0)).toFixed(2)} ms (goal <= 2 ms)`)
console.log(`this disk: one record's write+fdatasync p50 ${median(fsyncs).toFixed(2)} ms (rounds ${Math.min(...fsyncs).toFixed(2)}..${Math.max(...fsyncs).toFixed(2)}); a call through gate and guard waits for two (the approval record before forwarding, the execution record before running)`)
for (const c of [gate, guard, proxy] satisfies Child[]) await c.stop()
ev.stop()
