/**
 * @module bench/proxy: the gate against plain proxies, in one run: the upstream directly, nginx (1
 * worker), `http-proxy`, the gate (audit on a real disk and on tmpfs), the gate with --workers 2,
 * and gate → guard → upstream. wrk drives each (POST, a 778-byte tool call), rounds alternate, and
 * each figure is the median round; p50 at 1 connection is measured the same way.
 * Needs wrk and nginx (Debian packages). Everything on 127.0.0.1.
 * Run: npm run bench:proxy [-- SECONDS CONNECTIONS ROUNDS]
 */
import { execFile, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { openAuditWriter } from '../src/audit/index.js'
import { freePort } from './fixtures.js'
import { generateKeyPair, writeKeyFiles } from '../src/binding/index.js'

const seconds = Number(process.argv[2] ?? 5)
const connections = Number(process.argv[3] ?? 32)
const rounds = Number(process.argv[4] ?? 3)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin/verbatim')
const TOKEN = 'bench-token-0123456789abcdef'
const run = promisify(execFile)

async function up(port: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1')
      c.once('connect', () => {
        c.destroy()
        resolve(true)
      })
      c.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`nothing listens on ${port}`)
}

function spawnProc(cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  return p
}

const stopProc = (p: ChildProcess): Promise<void> => new Promise((r) => {
  if (p.exitCode !== null) return r()
  p.once('exit', () => r())
  p.kill('SIGTERM')
  setTimeout(() => p.kill('SIGKILL'), 5000).unref()
})

interface Result { rps: number; p50ms: number }

async function wrk(url: string, c: number, secs: number, lua: string): Promise<Result> {
  const { stdout } = await run('wrk', [`-t1`, `-c${c}`, `-d${secs}s`, '--latency', '-s', lua, url], { maxBuffer: 1 << 20 })
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0)
  const p50 = /50%\s+([\d.]+)(us|ms|s)/.exec(stdout)
  const p50ms = p50 === null ? NaN : Number(p50[1]) * (p50[2] === 'us' ? 0.001 : p50[2] === 's' ? 1000 : 1)
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
  if (non2xx > 0) throw new Error(`${url}: ${non2xx} non-2xx answers\n${stdout}`)
  return { rps, p50ms }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0

const dir = await mkdtemp(join(tmpdir(), 'verbatim-bench-proxy-'))
const diskDir = await mkdtemp(join(process.platform === 'linux' ? '/var/tmp' : tmpdir(), 'verbatim-bench-proxy-'))
const shmDir = await mkdtemp(join(process.platform === 'linux' ? '/dev/shm' : tmpdir(), 'verbatim-bench-proxy-'))
const body = JSON.stringify({ encoding: 'utf8', maxBytes: 65536, note: 'x'.repeat(700), path: '/workspace/src/main.ts' })
const lua = join(dir, 'post.lua')
await writeFile(lua, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer ${TOKEN}"\n`)

// The upstream: answers a fixed 16-byte JSON (the same for every target).
const upPort = await freePort()
await writeFile(join(dir, 'upstream.mjs'), `import { createServer } from 'node:http'
const s = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' }); res.end('{"ok":true}') }) })
s.keepAliveTimeout = 60000
s.listen(${upPort}, '127.0.0.1')
`)
const upstream = spawnProc(process.execPath, [join(dir, 'upstream.mjs')])
await up(upPort)

// nginx, one worker, keep-alive to the upstream.
const nginxPort = await freePort()
await writeFile(join(dir, 'nginx.conf'), `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream u { server 127.0.0.1:${upPort}; keepalive 64; }
  server { listen 127.0.0.1:${nginxPort}; location / { proxy_pass http://u; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
`)
const nginx = spawnProc('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir])
await up(nginxPort)

// http-proxy (the npm package), keep-alive agent.
const hpPort = await freePort()
await writeFile(join(dir, 'http-proxy.cjs'), `const http = require('node:http')
const httpProxy = require(${JSON.stringify(join(ROOT, 'node_modules/http-proxy'))})
const proxy = httpProxy.createProxyServer({ target: 'http://127.0.0.1:${upPort}', agent: new http.Agent({ keepAlive: true, maxSockets: 256 }) })
http.createServer((req, res) => proxy.web(req, res)).listen(${hpPort}, '127.0.0.1')
`)
const hp = spawnProc(process.execPath, [join(dir, 'http-proxy.cjs')])
await up(hpPort)

// The gate's keys and policy; a guard in front of the upstream for the guarded chain.
const gateKeys = await writeKeyFiles(join(dir, 'gate-keys'), await generateKeyPair())
const guardKeys = await writeKeyFiles(join(dir, 'guard-keys'), await generateKeyPair())
await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: read, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /path, pathUnder: /workspace }] }\n')
const prior = await generateKeyPair()
await (await openAuditWriter({ dir: join(diskDir, 'executed'), process: 'guard', signer: prior, startFields: { audience: 'bench' } })).close()
const guardPort = await freePort()
const guard = spawnProc(BIN, ['guard', '--audience', 'bench', '--jwks-file', gateKeys.jwksPath, '--key-file', guardKeys.privatePath, '--port', String(guardPort), '--audit-dir', join(diskDir, 'executed'), '--executor', `http://127.0.0.1:${upPort}`, '--log-level', 'warn'])
await up(guardPort)

async function gateConfig(name: string, upstreamUrl: string, auditDir: string, guarded: boolean): Promise<{ file: string; port: number }> {
  const port = await freePort()
  const file = join(dir, `${name}.yaml`)
  await writeFile(file, `listen: { host: 127.0.0.1, port: ${port} }
policies: [p.yaml]
agents: [{ id: coder, token: { env: BENCH_TOKEN } }]
upstreams: [{ name: up, url: "${upstreamUrl}", audience: bench, guarded: ${guarded}, maxConcurrent: 256, maxQueue: 4096${guarded ? `, receipts: { jwksFile: ${JSON.stringify(guardKeys.jwksPath)} }` : ''} }]
routes: [{ tools: ["*"], upstream: up }]
signing: { keyFile: ${JSON.stringify(gateKeys.privatePath)} }
audit: { dir: ${JSON.stringify(auditDir)} }
probe: { intervalMs: 0 }
`)
  return { file, port }
}

interface Target { name: string; url: string; start?: () => Promise<ChildProcess>; }
const gateTarget = async (name: string, upstreamUrl: string, auditDir: string, guarded: boolean, workers = 1): Promise<Target> => {
  const { file, port } = await gateConfig(name, upstreamUrl, auditDir, guarded)
  return {
    name, url: `http://127.0.0.1:${port}/v1/tools/fs.read`,
    start: async () => {
      const p = spawnProc(BIN, ['serve', '--config', file, '--workers', String(workers), '--log-level', 'warn'], { BENCH_TOKEN: TOKEN })
      await up(port)
      await new Promise((r) => setTimeout(r, 300))
      return p
    },
  }
}
const upUrl = `http://127.0.0.1:${upPort}`
const targets: Target[] = [
  { name: 'upstream directly', url: `${upUrl}/v1/tools/fs.read` },
  { name: 'nginx, 1 worker', url: `http://127.0.0.1:${nginxPort}/v1/tools/fs.read` },
  { name: 'http-proxy', url: `http://127.0.0.1:${hpPort}/v1/tools/fs.read` },
  await gateTarget('gate, audit on disk', upUrl, join(diskDir, 'gate-disk'), false),
  await gateTarget('gate, audit on tmpfs', upUrl, join(shmDir, 'gate-shm'), false),
  await gateTarget('gate --workers 2, disk', upUrl, join(diskDir, 'gate-w2'), false, 2),
  await gateTarget('gate -> guard -> upstream', `http://127.0.0.1:${guardPort}`, join(diskDir, 'gate-guarded'), true),
]

console.log(`bench:proxy  wrk, ${seconds}s per run, ${connections} connections (and 1 for p50), ${rounds} alternating rounds (median shown), node ${process.version}, loopback`)
const results = new Map<string, { rps: number[]; p50: number[] }>()
for (let r = 0; r < rounds; r++) {
  for (const t of targets) {
    const proc = t.start === undefined ? undefined : await t.start()
    try {
      await wrk(t.url, connections, 1, lua) // warm-up
      const load = await wrk(t.url, connections, seconds, lua)
      const one = await wrk(t.url, 1, Math.max(2, Math.floor(seconds / 2)), lua)
      const e = results.get(t.name) ?? { rps: [], p50: [] }
      e.rps.push(load.rps)
      e.p50.push(one.p50ms)
      results.set(t.name, e)
    } finally {
      if (proc !== undefined) await stopProc(proc)
    }
  }
}
const hpRps = median(results.get('http-proxy')?.rps ?? [])
const hpP50 = median(results.get('http-proxy')?.p50 ?? [])
console.log(`${'target'.padEnd(28)} ${'req/s'.padStart(8)}  ${'vs http-proxy'.padStart(13)}  ${'p50 @1 conn'.padStart(11)}  ${'vs http-proxy'.padStart(13)}`)
for (const [name, e] of results) {
  const rps = median(e.rps)
  const p50 = median(e.p50)
  console.log(`${name.padEnd(28)} ${rps.toFixed(0).padStart(8)}  ${(rps / hpRps).toFixed(2).padStart(12)}x  ${p50.toFixed(3).padStart(9)} ms  ${(p50 - hpP50 >= 0 ? '+' : '') + (p50 - hpP50).toFixed(3).padStart(8)} ms`)
}
console.log(`rounds (req/s): ${[...results].map(([n, e]) => `${n}: ${e.rps.map((x) => x.toFixed(0)).join(', ')}`).join('; ')}`)
await Promise.all([stopProc(guard), stopProc(hp), stopProc(nginx), stopProc(upstream)])
