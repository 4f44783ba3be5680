/**
 * @module bench/setup: what bench:proxy and bench:calls share: the tool call, keys and policy, and
 * the command line of each process under test (the gate and the guard as `bin/verbatim` runs them,
 * the floor gate and floor guard of bench/floor), with ports picked up front.
 */
import { rmSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openAuditWriter } from '../src/audit/index.js'
import { generateKeyPair, writeKeyFiles } from '../src/binding/index.js'
import type { KeyFiles } from '../src/binding/keys.js'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(ROOT, 'bin/verbatim')
const FLOOR = join(ROOT, 'dist/bench/floor')
export const TOKEN = 'bench-token-0123456789abcdef'
/** The tool call every target gets: 778 bytes, already canonical, allowed by the policy. */
export const BODY = JSON.stringify({ encoding: 'utf8', maxBytes: 65536, note: 'x'.repeat(700), path: '/workspace/src/main.ts' })
export const CALL_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }

export interface BenchFiles {
  /** Scratch files (configs, keys). */
  dir: string
  /** On a real disk (/var/tmp on Linux), so that fdatasync means something. */
  diskDir: string
  shmDir: string
  gateKeys: KeyFiles
  guardKeys: KeyFiles
}

/** A command line: run `cmd args` with `env` added. */
export interface Command { cmd: string; args: string[]; env?: Record<string, string> }

export async function benchFiles(name: string): Promise<BenchFiles> {
  const linux = process.platform === 'linux'
  const dir = await mkdtemp(join(tmpdir(), `verbatim-bench-${name}-`))
  const diskDir = await mkdtemp(join(linux ? '/var/tmp' : tmpdir(), `verbatim-bench-${name}-`))
  const shmDir = await mkdtemp(join(linux ? '/dev/shm' : tmpdir(), `verbatim-bench-${name}-`))
  // The audit logs of a run reach hundreds of MB (in RAM under /dev/shm): gone when the run ends,
  // unless BENCH_KEEP=1 keeps them to look at.
  if (process.env['BENCH_KEEP'] !== '1') process.once('exit', () => { for (const d of [dir, diskDir, shmDir]) rmSync(d, { recursive: true, force: true }) })
  await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: read, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /path, pathUnder: /workspace }] }\n')
  await writeFile(join(dir, 'upstream.mjs'), `import { createServer } from 'node:http'
const s = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' }); res.end('{"ok":true}') }) })
s.keepAliveTimeout = 60000
s.listen(Number(process.argv[2]), '127.0.0.1')
`)
  const gateKeys = await writeKeyFiles(join(dir, 'gate-keys'), await generateKeyPair())
  const guardKeys = await writeKeyFiles(join(dir, 'guard-keys'), await generateKeyPair())
  // An executed log from an earlier run, so the guard starts as a restarted one does (no restart window).
  await (await openAuditWriter({ dir: join(diskDir, 'executed'), process: 'guard', signer: await generateKeyPair(), startFields: { audience: 'bench' } })).close()
  return { dir, diskDir, shmDir, gateKeys, guardKeys }
}

/** The upstream: reads the body, answers a fixed 11-byte JSON. */
export const upstreamCommand = (f: BenchFiles, port: number): Command => ({ cmd: process.execPath, args: [join(f.dir, 'upstream.mjs'), String(port)] })

/** `verbatim serve` with one upstream (guarded or not), the bench policy and its audit log in `auditDir`. */
export async function gateCommand(f: BenchFiles, o: { port: number; upstream: string; auditDir: string; guarded: boolean; workers?: number; logLevel?: string }): Promise<Command> {
  const file = join(f.dir, `gate-${o.port}.yaml`)
  await writeFile(file, `listen: { host: 127.0.0.1, port: ${o.port} }
policies: [p.yaml]
agents: [{ id: coder, token: { env: BENCH_TOKEN } }]
upstreams: [{ name: up, url: "${o.upstream}", audience: bench, guarded: ${o.guarded}, maxConcurrent: 256, maxQueue: 4096${o.guarded ? `, receipts: { jwksFile: ${JSON.stringify(f.guardKeys.jwksPath)} }` : ''} }]
routes: [{ tools: ["*"], upstream: up }]
signing: { keyFile: ${JSON.stringify(f.gateKeys.privatePath)} }
audit: { dir: ${JSON.stringify(o.auditDir)} }
probe: { intervalMs: 0 }
`)
  return { cmd: process.execPath, args: [BIN, 'serve', '--config', file, '--workers', String(o.workers ?? 1), '--log-level', o.logLevel ?? 'warn'], env: { BENCH_TOKEN: TOKEN } }
}

/** `verbatim guard` in front of `executor`, trusting the gate's key, its executed log on the disk. */
export const guardCommand = (f: BenchFiles, o: { port: number; executor: string; logLevel?: string }): Command => ({
  cmd: process.execPath,
  args: [BIN, 'guard', '--audience', 'bench', '--jwks-file', f.gateKeys.jwksPath, '--key-file', f.guardKeys.privatePath, '--port', String(o.port), '--audit-dir', join(f.diskDir, 'executed'), '--executor', o.executor, '--log-level', o.logLevel ?? 'warn'],
})

/** The floor gate (bench/floor/gate); `guarded`: it checks the guard's receipts. */
export const floorGateCommand = (f: BenchFiles, o: { port: number; upstream: string; guarded: boolean }): Command => ({
  cmd: process.execPath,
  args: [join(FLOOR, 'gate.js'), String(o.port), o.upstream, f.gateKeys.privatePath, join(f.diskDir, `floor-gate-${o.port}.log`), TOKEN, ...(o.guarded ? [f.guardKeys.jwksPath] : [])],
})

/** The floor guard (bench/floor/guard) in front of `executor`. */
export const floorGuardCommand = (f: BenchFiles, o: { port: number; executor: string }): Command => ({
  cmd: process.execPath,
  args: [join(FLOOR, 'guard.js'), String(o.port), o.executor, f.gateKeys.jwksPath, f.guardKeys.privatePath, join(f.diskDir, `floor-guard-${o.port}.log`)],
})
