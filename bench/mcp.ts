/**
 * @module bench/mcp: MCP tools/call per second with the official SDK client, straight to
 * server-everything (Streamable HTTP) and through the gate and the guard, in one run, alternating
 * rounds, medians. Everything on 127.0.0.1.
 * Run: npm run bench:mcp [-- SECONDS CLIENTS ROUNDS]
 */
import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { openAuditWriter } from '../src/audit/index.js'
import { freePort } from './fixtures.js'
import { generateKeyPair, writeKeyFiles } from '../src/binding/index.js'
import { ConfigSchema } from '../src/config/index.js'
import { startGate } from '../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../src/guard/index.js'

const seconds = Number(process.argv[2] ?? 5)
const clients = Number(process.argv[3] ?? 8)
const rounds = Number(process.argv[4] ?? 3)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TOKEN = 'bench-mcp-token-0123456789'

async function everything(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort()
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((resolve) => {
    const on = (d: Buffer): void => void (/listening on port/i.test(d.toString()) && resolve())
    child.stdout.on('data', on)
    child.stderr.on('data', on)
  })
  child.stdout.resume()
  return { url: `http://127.0.0.1:${port}/mcp`, stop: () => void child.kill('SIGKILL') }
}

/** `clients` SDK clients, each calling echo in a loop for `seconds`; calls per second and p50. */
async function load(url: string, headers: Record<string, string>): Promise<{ cps: number; p50ms: number; errors: number }> {
  const cs = await Promise.all(Array.from({ length: clients }, async () => {
    const c = new Client({ name: 'bench', version: '1' })
    await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }))
    return c
  }))
  const lat: number[] = []
  let errors = 0
  const end = performance.now() + seconds * 1000
  await Promise.all(cs.map(async (c) => {
    while (performance.now() < end) {
      const t = performance.now()
      try {
        await c.callTool({ name: 'echo', arguments: { message: 'a small tool call of about eighty bytes of arguments' } })
        lat.push(performance.now() - t)
      } catch {
        errors++
      }
    }
  }))
  await Promise.all(cs.map((c) => c.close()))
  lat.sort((a, b) => a - b)
  return { cps: lat.length / seconds, p50ms: lat[Math.floor(lat.length / 2)] ?? 0, errors }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

const ev = await everything()
const dir = await mkdtemp(join(tmpdir(), 'verbatim-bench-mcp-'))
const gk = await writeKeyFiles(join(dir, 'gate'), await generateKeyPair())
const uk = await writeKeyFiles(join(dir, 'guard'), await generateKeyPair())
await writeFile(join(dir, 'policy.yaml'), 'rules:\n  - { id: echo, effect: allow, agents: [bench], tools: ["mcp:everything/tools/call/echo"] }\n')
// An executed log with an earlier run, as on any guard that has started before (no restart window).
const prior = await generateKeyPair()
await (await openAuditWriter({ dir: join(dir, 'executed'), process: 'guard', signer: prior, startFields: { audience: 'ev-1' } })).close()
const guard = await startGuard(checkGuardConfig({ listen: { port: 0 }, audience: 'ev-1', keys: { jwksFile: gk.jwksPath }, audit: { dir: join(dir, 'executed') }, signing: { keyFile: uk.privatePath }, executor: { mcp: { http: ev.url } } }), { log: () => undefined })
const gate = await startGate(ConfigSchema.parse({
  listen: { host: '127.0.0.1', port: 0 }, policies: [join(dir, 'policy.yaml')], agents: [{ id: 'bench', token: { env: 'BENCH_TOKEN' } }],
  upstreams: [{ name: 'ev', url: guard.url, audience: 'ev-1', receipts: { jwksFile: uk.jwksPath } }], mcp: { servers: [{ name: 'everything', upstream: 'ev' }] },
  signing: { keyFile: gk.privatePath }, audit: { dir: join(dir, 'approved') }, probe: { intervalMs: 0 },
}), { env: { BENCH_TOKEN: TOKEN }, log: () => undefined })

console.log(`bench:mcp  tools/call echo, ${seconds}s per run, ${clients} SDK clients, ${rounds} alternating rounds (median shown), node ${process.version}, loopback, audit on`)
const direct: Array<{ cps: number; p50ms: number; errors: number }> = []
const through: typeof direct = []
for (let i = 0; i < rounds; i++) {
  direct.push(await load(ev.url, {}))
  through.push(await load(`${gate.url}/mcp/everything`, { authorization: `Bearer ${TOKEN}` }))
}
const row = (name: string, rs: typeof direct): string =>
  `${name.padEnd(30)} ${median(rs.map((r) => r.cps)).toFixed(0).padStart(6)} calls/s  p50 ${median(rs.map((r) => r.p50ms)).toFixed(2).padStart(6)} ms  errors ${rs.reduce((n, r) => n + r.errors, 0)}`
console.log(row('direct to server-everything', direct))
console.log(row('through gate and guard', through))
console.log(`rounds (calls/s): direct ${direct.map((r) => r.cps.toFixed(0)).join(', ')}; through ${through.map((r) => r.cps.toFixed(0)).join(', ')}`)
console.log(`ratio through / direct: ${(median(through.map((r) => r.cps)) / median(direct.map((r) => r.cps))).toFixed(2)}x`)
await gate.close()
await guard.close()
ev.stop()
