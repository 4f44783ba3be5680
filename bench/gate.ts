/**
 * @module bench/gate: requests per second straight to an upstream, through the gate with the
 * audit on, and through the gate with the audit off, in one run. Everything on 127.0.0.1.
 * Run: npm run bench:gate [-- SECONDS CONCURRENCY]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair, writeKeyFiles } from '../src/binding/index.js'
import { forkChild } from './fixtures.js'
import { load } from './load.js'
import type { LoadResult } from './load.js'

const seconds = Number(process.argv[2] ?? 5)
const concurrency = Number(process.argv[3] ?? 32)
const TOKEN = 'bench-token-0123456789abcdef'
const body = new TextEncoder().encode(JSON.stringify({ path: '/workspace/src/main.ts', encoding: 'utf8', maxBytes: 65536, note: 'x'.repeat(700) }))

const dir = await mkdtemp(join(tmpdir(), 'verbatim-bench-'))
await writeFile(join(dir, 'policy.yaml'), 'rules:\n  - { id: read, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /path, pathUnder: /workspace }] }\n')
const { privatePath } = await writeKeyFiles(join(dir, 'keys'), await generateKeyPair())
process.env.BENCH_TOKEN = TOKEN
const upstream = await forkChild('upstream', [])
const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }

const row = (name: string, r: LoadResult, base?: LoadResult): string =>
  `${name.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50ms.toFixed(2).padStart(6)} ms  p99 ${r.p99ms.toFixed(2).padStart(6)} ms  errors ${r.errors}` +
  (base ? `  ratio ${(r.rps / base.rps).toFixed(2)}x` : '')

try {
  console.log(`bench:gate  ${seconds}s per run, ${concurrency} connections, ${body.byteLength}-byte body, node ${process.version}, loopback`)
  await load(`http://127.0.0.1:${upstream.port}/v1/tools/fs.read`, body, headers, concurrency, 1) // warm-up
  const direct = await load(`http://127.0.0.1:${upstream.port}/v1/tools/fs.read`, body, headers, concurrency, seconds)
  console.log(row('direct to upstream', direct))
  const results: Record<string, LoadResult> = {}
  for (const audit of ['off', 'on'] as const) {
    const gate = await forkChild('gate-server', [String(upstream.port), join(dir, 'policy.yaml'), privatePath, join(dir, `audit-${audit}`), audit])
    const url = `http://127.0.0.1:${gate.port}/v1/tools/fs.read`
    await load(url, body, headers, concurrency, 1)
    results[audit] = await load(url, body, headers, concurrency, seconds)
    await gate.stop()
    console.log(row(`through gate, audit ${audit}`, results[audit], direct))
  }
  if (results.on && results.off) console.log(`audit cost: ${((1 - results.on.rps / results.off.rps) * 100).toFixed(1)}% of gate throughput (audit on / off = ${(results.on.rps / results.off.rps).toFixed(2)}x)`)
} finally {
  await upstream.stop()
  await rm(dir, { recursive: true, force: true })
}
