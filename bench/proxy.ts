/**
 * @module bench/proxy: the gate and the guarded chain beside their floors (bench/floor: only the
 * work a gate and a guard cannot skip) and beside plain proxies, in one run: the upstream directly,
 * nginx (1 worker), `http-proxy`, the floor gate, the gate (audit on a real disk and on tmpfs), the
 * gate with --workers 2, the floor chain and gate → guard → upstream. wrk drives each (POST, a
 * 778-byte tool call) at C connections and at 1; rounds alternate and each figure is the median
 * round. CPU per call is each process's user + system time over the loaded run, per request.
 * Needs wrk and nginx (Debian packages). Everything on 127.0.0.1.
 * Run: npm run bench:proxy [-- SECONDS CONNECTIONS ROUNDS]; BENCH_ONLY=regex picks targets,
 * BENCH_MIXED=1 adds gate → floor guard and floor gate → guard (which hop costs what),
 * BENCH_LOG_LEVEL sets the gate's and the guard's --log-level (default warn), BENCH_KEEP=1 keeps the
 * run's directories (audit logs, configs), which are otherwise removed when it ends.
 */
import type { ChildProcess } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freePort } from './fixtures.js'
import { median, startProc, stopProc, treeCpuUs, wrk } from './proxy-run.js'
import type { WrkResult } from './proxy-run.js'
import { proxyTable } from './proxy-table.js'
import type { Measured } from './proxy-table.js'
import { BODY, ROOT, TOKEN, benchFiles, floorGateCommand, floorGuardCommand, gateCommand, guardCommand, upstreamCommand } from './setup.js'
import type { Command } from './setup.js'

const seconds = Number(process.argv[2] ?? 5)
const connections = Number(process.argv[3] ?? 32)
const rounds = Number(process.argv[4] ?? 3)
const logLevel = process.env['BENCH_LOG_LEVEL'] ?? 'warn'
const f = await benchFiles('proxy')
const lua = join(f.dir, 'post.lua')
await writeFile(lua, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(BODY)}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer ${TOKEN}"\n`)
const long: ChildProcess[] = []
const keep = async (c: Command, port: number): Promise<ChildProcess> => {
  const p = await startProc(c, port)
  long.push(p)
  return p
}

const upPort = await freePort()
const upstream = await keep(upstreamCommand(f, upPort), upPort)
const upUrl = `http://127.0.0.1:${upPort}`
// nginx, one worker, keep-alive to the upstream.
const nginxPort = await freePort()
await writeFile(join(f.dir, 'nginx.conf'), `worker_processes 1;
daemon off;
pid ${f.dir}/nginx.pid;
error_log ${f.dir}/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${f.dir}/body; proxy_temp_path ${f.dir}/proxy; fastcgi_temp_path ${f.dir}/fcgi; uwsgi_temp_path ${f.dir}/uwsgi; scgi_temp_path ${f.dir}/scgi;
  upstream u { server 127.0.0.1:${upPort}; keepalive 64; }
  server { listen 127.0.0.1:${nginxPort}; location / { proxy_pass http://u; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
`)
const nginx = await keep({ cmd: 'nginx', args: ['-c', join(f.dir, 'nginx.conf'), '-p', f.dir] }, nginxPort)
// http-proxy (the npm package), keep-alive agent.
const hpPort = await freePort()
await writeFile(join(f.dir, 'http-proxy.cjs'), `const http = require('node:http')
const httpProxy = require(${JSON.stringify(join(ROOT, 'node_modules/http-proxy'))})
const proxy = httpProxy.createProxyServer({ target: '${upUrl}', agent: new http.Agent({ keepAlive: true, maxSockets: 256 }) })
http.createServer((req, res) => proxy.web(req, res)).listen(${hpPort}, '127.0.0.1')
`)
const hp = await keep({ cmd: process.execPath, args: [join(f.dir, 'http-proxy.cjs')] }, hpPort)
// A guard and a floor guard in front of the upstream, for the guarded chains.
const guardPort = await freePort()
const guard = await keep(guardCommand(f, { port: guardPort, executor: upUrl, logLevel }), guardPort)
const floorGuardPort = await freePort()
const floorGuard = await keep(floorGuardCommand(f, { port: floorGuardPort, executor: upUrl }), floorGuardPort)
const guardUrl = `http://127.0.0.1:${guardPort}`
const floorGuardUrl = `http://127.0.0.1:${floorGuardPort}`

/** A target: where wrk sends, how its first hop starts for a round, and the processes whose CPU counts (by hop). */
interface Target { name: string; floor?: string; url?: string; start?: () => Promise<{ proc: ChildProcess; url: string }>; hops: Array<() => number> }
const fixed = (name: string, port: number, p: ChildProcess): Target => ({ name, url: `http://127.0.0.1:${port}/v1/tools/fs.read`, hops: [() => p.pid as number] })
const started = (name: string, command: (port: number) => Promise<Command> | Command, o: { floor?: string; hop2?: ChildProcess } = {}): Target => {
  let proc: ChildProcess | undefined
  return {
    name, ...(o.floor === undefined ? {} : { floor: o.floor }),
    hops: [() => proc?.pid as number, ...(o.hop2 === undefined ? [] : [() => o.hop2?.pid as number])],
    start: async () => {
      const port = await freePort()
      proc = await startProc(await command(port), port)
      await new Promise((r) => setTimeout(r, 300)) // the gate probes its upstream after it listens
      return { proc, url: `http://127.0.0.1:${port}/v1/tools/fs.read` }
    },
  }
}
const gate = (port: number, upstream: string, auditDir: string, guarded: boolean, workers = 1): Promise<Command> => gateCommand(f, { port, upstream, auditDir: join(auditDir, String(port)), guarded, workers, logLevel })
const all: Target[] = [
  fixed('upstream directly', upPort, upstream),
  fixed('nginx, 1 worker', nginxPort, nginx),
  fixed('http-proxy', hpPort, hp),
  started('floor gate', (port) => floorGateCommand(f, { port, upstream: upUrl, guarded: false })),
  started('gate, audit on disk', (port) => gate(port, upUrl, f.diskDir, false), { floor: 'floor gate' }),
  started('gate, audit on tmpfs', (port) => gate(port, upUrl, f.shmDir, false)),
  started('gate --workers 2', (port) => gate(port, upUrl, f.diskDir, false, 2)),
  started('floor gate > floor guard', (port) => floorGateCommand(f, { port, upstream: floorGuardUrl, guarded: true }), { hop2: floorGuard }),
  started('gate > guard', (port) => gate(port, guardUrl, f.diskDir, true), { floor: 'floor gate > floor guard', hop2: guard }),
  ...(process.env['BENCH_MIXED'] === '1' ? [
    started('gate > floor guard', (port) => gate(port, floorGuardUrl, f.diskDir, true), { floor: 'floor gate > floor guard', hop2: floorGuard }),
    started('floor gate > guard', (port) => floorGateCommand(f, { port, upstream: guardUrl, guarded: true }), { floor: 'floor gate > floor guard', hop2: guard }),
  ] : []),
]
const only = process.env['BENCH_ONLY'] === undefined ? undefined : new RegExp(process.env['BENCH_ONLY'])
const targets = all.filter((t) => only === undefined || only.test(t.name))

console.log(`bench:proxy  wrk, ${seconds}s per run at ${connections} connections and ${Math.max(2, Math.floor(seconds / 2))}s at 1, ${rounds} alternating rounds (median shown), node ${process.version}, loopback, audit logs on ${f.diskDir}, log level ${logLevel}`)
const results = new Map<string, Measured[]>()
for (let r = 0; r < rounds; r++) {
  for (const t of targets) {
    const s = t.start === undefined ? undefined : await t.start()
    try {
      const url = s?.url ?? (t.url as string)
      await wrk(url, connections, 1, lua) // warm-up
      const before = t.hops.map((h) => treeCpuUs(h()))
      const load: WrkResult = await wrk(url, connections, seconds, lua)
      const cpu = t.hops.map((h, i) => (treeCpuUs(h()) - (before[i] as number)) / Math.max(1, load.requests))
      const one = await wrk(url, 1, Math.max(2, Math.floor(seconds / 2)), lua)
      results.set(t.name, [...(results.get(t.name) ?? []), { load, one, cpu }])
    } finally {
      if (s !== undefined) await stopProc(s.proc)
    }
  }
}
console.log(proxyTable(targets, results, median))
await Promise.all(long.map(stopProc))
