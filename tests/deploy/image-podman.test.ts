/**
 * The image itself, built with buildah and run with podman (Debian's), as the compose walkthrough
 * runs it: keys made inside the image, the tool server with no network, the guard, the gate, an
 * allowed and a denied call from an agent container, the HEALTHCHECK, SIGTERM, a clean reconcile.
 *
 * What this machine allows, and so what the test does (docs/deploy.md, "Building the image here"):
 * - no registry but npm's and Debian's: node:20-bookworm-slim cannot be pulled, so a stand-in with its
 *   layout is made once (debootstrap bookworm minbase, this machine's Node 20 and npm in /usr/local,
 *   user node 1000) and passed as NODE_IMAGE; every RUN of the Dockerfile runs as written;
 * - buildah builds with --isolation chroot; podman runs with runc (crun refuses hybrid cgroups), with
 *   explicit ulimits (no CAP_SYS_RESOURCE to raise them). No container touches the host's network: the
 *   guard's container has loopback only, and the gate and the agent join it, as sidecars share a Pod's.
 * Skips, saying why, where podman, buildah, runc or debootstrap is missing or this is not root.
 *
 * No wall-clock limit decides the outcome: a build, a container start or a stop takes what the
 * machine gives it. Readiness is polled a bounded number of times, and every step's limit is the
 * one generous bound below, there only so that a hung engine cannot hold the suite for ever.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../e2e/procs.js'

const BASE = 'localhost/node:20-bookworm-slim-standin'
/** The bound on each step (build, run, stop, clean-up): far beyond what a loaded machine takes. */
const HUNG_MS = 30 * 60_000
/** How long podman waits after SIGTERM before it kills: the gate drains for 10 s at most by itself. */
const STOP_SECONDS = '300'
const IMAGE = `localhost/verbatim:test-${process.pid}`
const TOKEN = 'podman-token-0123456789abcdef'
const tools = ['podman', 'buildah', 'runc', 'debootstrap'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0)
const why = process.getuid?.() !== 0 ? 'not root' : tools.length > 0 ? `missing ${tools.join(', ')} (apt-get install podman buildah runc debootstrap)` : ''
const suffix = `-${process.pid}`
const names = { exec: `vexec${suffix}`, guard: `vguard${suffix}`, gate: `vgate${suffix}` }
const volumes = ['gk', 'uk', 'tr', 'ga', 'ua', 'sock'].map((v) => `v${v}${suffix}`)
const [gateKeys, guardKeys, trust, gateAudit, guardAudit, sock] = volumes as [string, string, string, string, string, string]

function sh(cmd: string, args: string[], allowFail = false): { status: number | null; out: string; stdout: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const out = `${r.stdout}${r.stderr}`
  if (!allowFail && r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${out.slice(-4000)}`)
  return { status: r.status, out, stdout: r.stdout }
}

/** podman run, as this machine allows it: runc, ulimits within the hard limits, a read-only root. */
function run(args: string[], allowFail = false): { status: number | null; out: string; stdout: string } {
  return sh('podman', ['--runtime', 'runc', 'run', '--read-only', '--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=4096:4096', ...args], allowFail)
}

const config = join(ROOT, 'examples/deploy/compose/config')
const workspace = join(ROOT, 'examples/deploy/compose/workspace')

/** The stand-in for node:20-bookworm-slim, made once per machine (podman keeps it). */
function standInBase(): void {
  if (sh('podman', ['image', 'exists', BASE], true).status === 0) return
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-base-'))
  const rootfs = join(dir, 'rootfs')
  sh('debootstrap', ['--variant=minbase', 'bookworm', rootfs])
  const npm = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm')
  mkdirSync(join(rootfs, 'usr/local/lib/node_modules'), { recursive: true })
  cpSync(process.execPath, join(rootfs, 'usr/local/bin/node'))
  cpSync(npm, join(rootfs, 'usr/local/lib/node_modules/npm'), { recursive: true, verbatimSymlinks: true })
  sh('ln', ['-s', '../lib/node_modules/npm/bin/npm-cli.js', join(rootfs, 'usr/local/bin/npm')])
  sh('ln', ['-s', '../lib/node_modules/npm/bin/npx-cli.js', join(rootfs, 'usr/local/bin/npx')])
  // The CA bundle this machine's npm trusts, so that npm ci inside the build reaches the registry as npm does here.
  const cafile = sh('npm', ['config', 'get', 'cafile'], true).out.trim()
  if (cafile.startsWith('/') && existsSync(cafile)) {
    mkdirSync(join(rootfs, dirname(cafile)), { recursive: true })
    cpSync(cafile, join(rootfs, cafile))
    mkdirSync(join(rootfs, 'usr/local/etc'), { recursive: true })
    writeFileSync(join(rootfs, 'usr/local/etc/npmrc'), `cafile=${cafile}\n`)
  }
  sh('chroot', [rootfs, 'groupadd', '--gid', '1000', 'node'])
  sh('chroot', [rootfs, 'useradd', '--uid', '1000', '--gid', 'node', '--shell', '/bin/bash', '--create-home', 'node'])
  sh('sh', ['-c', `tar -C '${rootfs}' -c . | podman import --change 'CMD ["node"]' - ${BASE}`])
  rmSync(dir, { recursive: true, force: true })
}

/** Polls a command in a container until it exits 0 (readiness as a probe sees it). */
async function until(args: string[]): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (sh('podman', args, true).status === 0) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`never ready: podman ${args.join(' ')}`)
}

const probe = (port: number, path: string): string => `fetch('http://127.0.0.1:${port}${path}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`

function agent(tool: string, args: string): { status: number | null; out: string; stdout: string } {
  return run(['--rm', '--no-healthcheck', '--network', `container:${names.guard}`, '-e', 'VERBATIM_GATE=http://127.0.0.1:8080', '-e', `TOKEN=${TOKEN}`, '--entrypoint', 'node', IMAGE, '/app/dist/examples/agent/main.js', tool, args], true)
}

describe.skipIf(why !== '')(`the image, built by buildah and run by podman${why === '' ? '' : ` (skipped: ${why})`}`, () => {
  beforeAll(async () => {
    standInBase()
    sh('buildah', ['bud', '--isolation', 'chroot', '--network', 'host', '--format', 'docker', '--build-arg', `NODE_IMAGE=${BASE}`, '-t', IMAGE, ROOT])
    for (const v of volumes) sh('podman', ['volume', 'create', v])
  }, HUNG_MS)

  afterAll(() => {
    for (const n of [names.gate, names.guard, names.exec]) sh('podman', ['rm', '-f', '-v', n], true)
    sh('podman', ['volume', 'rm', '-f', ...volumes], true)
    sh('podman', ['rmi', '-f', IMAGE], true)
  }, HUNG_MS)

  it('runs as node, with a read-only root filesystem, verbatim serve by default and a HEALTHCHECK', () => {
    const inspect = JSON.parse(sh('podman', ['image', 'inspect', IMAGE]).stdout) as { Healthcheck?: { Test: string[] }; Config: { User: string; Entrypoint: string[]; Cmd: string[]; Env: string[]; Volumes: Record<string, unknown> } }[]
    const c = inspect[0]?.Config
    expect(c?.User).toBe('node')
    expect(c?.Entrypoint).toEqual(['verbatim'])
    expect(c?.Cmd).toEqual(['serve'])
    expect(c?.Env).toContain('VERBATIM_PROFILE=container')
    expect(inspect[0]?.Healthcheck?.Test.slice(0, 3)).toEqual(['CMD', 'node', '-e'])
    expect(Object.keys(c?.Volumes ?? {}).sort()).toEqual(['/var/lib/verbatim/audit', '/var/lib/verbatim/keys'])
    expect(run(['--rm', '--no-healthcheck', '--network', 'none', '--entrypoint', 'sh', IMAGE, '-c', 'id -u; touch /app/x'], true)).toMatchObject({ status: 1, out: expect.stringMatching(/^1000\n.*Read-only file system/s) as unknown })
    expect(run(['--rm', '--no-healthcheck', '--network', 'none', '--entrypoint', 'sh', IMAGE, '-c', 'test ! -e /app/node_modules/typescript && test ! -e /app/src && command -v verbatim'], true)).toMatchObject({ status: 0, stdout: '/usr/local/bin/verbatim\n' })
  }, HUNG_MS)

  it('runs the compose walkthrough: keys, executor, guard, gate; an allowed and a denied call; SIGTERM; a clean reconcile', async () => {
    const cfg = `${config}:/etc/verbatim:ro`
    for (const [role, keys] of [['gate', gateKeys], ['guard', guardKeys]] as const) {
      const r = run(['--rm', '--no-healthcheck', '--network', 'none', '-v', cfg, '-v', `${keys}:/var/lib/verbatim/keys`, '-v', `${trust}:/var/lib/verbatim/trust`, '--entrypoint', 'sh', IMAGE, '/etc/verbatim/keys.sh', 'init', role])
      expect(r.out).toMatch(new RegExp(`keys: ${role} key \\S+ created and published`))
    }
    run(['-d', '--name', names.exec, '--no-healthcheck', '--network', 'none', '-v', `${workspace}:/workspace:ro`, '-v', `${sock}:/run/verbatim`, '--entrypoint', 'node', IMAGE,
      '/app/dist/examples/deploy/tool-server.js', '--workspace', '/workspace', '--socket', '/run/verbatim/tool.sock'])
    // The guard on 8081 in a network namespace with loopback only; the gate and the agent join it.
    run(['-d', '--name', names.guard, '--no-healthcheck', '--network', 'none', '--hostname', 'guard-podman-1', '-e', 'VERBATIM_GUARD_LISTEN=127.0.0.1:8081',
      // No redis image either: one replica, its memory store, and the restart rule, which /readyz reports.
      '-e', 'VERBATIM_GUARD_REPLAY=memory', '-e', 'VERBATIM_GUARD_SKEW_SECONDS=2',
      '-v', cfg, '-v', `${guardKeys}:/var/lib/verbatim/keys:ro`, '-v', `${trust}:/var/lib/verbatim/trust:ro`, '-v', `${guardAudit}:/var/lib/verbatim/audit`, '-v', `${sock}:/run/verbatim`, IMAGE, 'guard'])
    await until(['exec', names.guard, 'node', '-e', probe(8081, '/readyz')])
    // The gate as the image starts it: its profile's 0.0.0.0:8080, its HEALTHCHECK.
    run(['-d', '--name', names.gate, '--network', `container:${names.guard}`, '-e', 'VERBATIM_UPSTREAMS_0_URL=http://127.0.0.1:8081', '-e', `CODER_TOKEN=${TOKEN}`,
      '-v', cfg, '-v', `${gateKeys}:/var/lib/verbatim/keys:ro`, '-v', `${trust}:/var/lib/verbatim/trust:ro`, '-v', `${gateAudit}:/var/lib/verbatim/audit`, IMAGE])
    await until(['healthcheck', 'run', names.gate])
    await until(['exec', names.gate, 'node', '-e', probe(8080, '/readyz')])

    const allowed = agent('fs.read', '{"path":"/workspace/hello.txt"}')
    expect(allowed.status).toBe(0)
    expect(JSON.parse(allowed.stdout)).toMatchObject({ status: 200, body: { ok: true, result: { path: '/workspace/hello.txt', bytes: 88 } } })
    const denied = agent('fs.read', '{"path":"/etc/passwd"}')
    expect(denied.status).toBe(1)
    expect(denied.out).toMatch(/^refused: 403 ERR_POLICY_NO_MATCH: /)

    sh('podman', ['stop', '-t', STOP_SECONDS, names.gate, names.guard, names.exec])
    for (const n of Object.values(names)) expect(sh('podman', ['inspect', '-f', '{{.State.ExitCode}}', n]).out.trim(), n).toBe('0')
    expect(sh('podman', ['logs', names.gate]).out).toContain('verbatim gate: stopping')
    const reconcile = run(['--rm', '--network', 'none', '-v', `${gateAudit}:/audit/approved:ro`, '-v', `${guardAudit}:/audit/executed:ro`, IMAGE, 'audit', 'reconcile', '--approved', '/audit/approved', '--executed', '/audit/executed'], true)
    expect(reconcile.status).toBe(0)
    expect(reconcile.out).toMatch(/^integrity: executed \/audit\/executed: \d+ records, ok$/m)
    expect(reconcile.out).toMatch(/^ok +1$/m)
    expect(reconcile.out).toContain('OK: everything executed was approved, exactly as approved')
  }, HUNG_MS)
})
