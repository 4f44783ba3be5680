/**
 * The compose example's stack as real processes on this machine: its config files, its keys.sh, the
 * image's container profile, and its volumes as folders (image paths mapped the way mounts map them).
 * The tool server listens on a unix socket; one guard replica; the gate. The gate's policies are laid
 * out as a Kubernetes ConfigMap volume is (`..data` → a dated folder, files linked through it), so a
 * rollout can swap them the way the kubelet does.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, ROOT, start } from '../e2e/procs.js'
import type { Proc } from '../e2e/procs.js'

export const COMPOSE = join(ROOT, 'examples/deploy/compose')
export const TOKEN = 'compose-stack-token-0123456789abcdef'

export interface ComposeStack {
  dir: string
  vol: { gateKeys: string; guardKeys: string; trust: string; gateAudit: string; guardAudit: string; socket: string }
  etcGate: string
  etcGuard: string
  gate: Proc
  guard: Proc
  gateUrl: string
  guardUrl: string
  /** One step of keys.sh, as `docker compose run --rm gate-keys …` runs it. */
  keys(keysDir: string, ...args: string[]): string
  /** Publishes a new version of the policy folder as the kubelet updates a ConfigMap: one atomic rename. */
  rolloutPolicies(files: Record<string, string>): void
  /** An agent's call through the gate. */
  call(tool: string, args: unknown): Promise<{ status: number; body: string }>
  close(): Promise<void>
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50))
}

export async function startComposeStack(o: { ttlSeconds: number; skewSeconds: number }): Promise<ComposeStack> {
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-compose-'))
  const vol = { gateKeys: join(dir, 'gate-keys'), guardKeys: join(dir, 'guard-keys'), trust: join(dir, 'trust'), gateAudit: join(dir, 'gate-audit'), guardAudit: join(dir, 'guard-audit'), socket: join(dir, 'run') }
  for (const d of Object.values(vol)) mkdirSync(d, { recursive: true })
  const mount = (to: string, keysDir: string): void => {
    cpSync(join(COMPOSE, 'config'), to, { recursive: true })
    for (const f of ['verbatim.yaml', 'guard.yaml']) {
      const p = join(to, f)
      writeFileSync(p, readFileSync(p, 'utf8').replaceAll('/var/lib/verbatim/keys', keysDir).replaceAll('/var/lib/verbatim/trust', vol.trust).replaceAll('/run/verbatim', vol.socket))
    }
  }
  const etcGate = join(dir, 'etc-gate')
  const etcGuard = join(dir, 'etc-guard')
  mount(etcGate, vol.gateKeys)
  mount(etcGuard, vol.guardKeys)
  // The policies folder as a ConfigMap volume: version 1 behind ..data.
  const policies = join(etcGate, 'policies')
  let version = 0
  const rolloutPolicies = (files: Record<string, string>): void => {
    version++
    const dated = `..v${version}`
    mkdirSync(join(policies, dated))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(policies, dated, name), text)
    symlinkSync(dated, join(policies, '..data_tmp'))
    renameSync(join(policies, '..data_tmp'), join(policies, '..data'))
    for (const name of Object.keys(files)) {
      try { symlinkSync(join('..data', name), join(policies, name)) } catch { /* linked already */ }
    }
  }
  const first = readFileSync(join(policies, 'tools.yaml'), 'utf8')
  rmSync(join(policies, 'tools.yaml'))
  rolloutPolicies({ 'tools.yaml': first })

  const keys = (keysDir: string, ...args: string[]): string =>
    execFileSync('sh', [join(COMPOSE, 'config/keys.sh'), ...args], { env: { ...process.env, KEYS_DIR: keysDir, TRUST_DIR: vol.trust, VERBATIM: BIN } }).toString()
  keys(vol.gateKeys, 'init', 'gate')
  keys(vol.guardKeys, 'init', 'guard')

  const procs: Proc[] = []
  const tool = start('node', [join(ROOT, 'dist/examples/deploy/tool-server.js'), '--workspace', join(COMPOSE, 'workspace'), '--socket', join(vol.socket, 'tool.sock')])
  procs.push(tool)
  await tool.waitFor(/listening on unix:/)
  const redis = process.env.VERBATIM_TEST_REDIS_URL
  const guard = start(BIN, ['guard'], {
    VERBATIM_PROFILE: 'container', HOSTNAME: 'guard-test-1', VERBATIM_GUARD_CONFIG: join(etcGuard, 'guard.yaml'),
    VERBATIM_GUARD_LISTEN: '127.0.0.1:0', VERBATIM_GUARD_AUDIT_DIR: vol.guardAudit, VERBATIM_GUARD_SKEW_SECONDS: String(o.skewSeconds),
    // The compose stack's redis when the tests have one; else one replica with its memory store.
    ...(redis === undefined ? { VERBATIM_GUARD_REPLAY: 'memory' } : { VERBATIM_GUARD_REPLAY_REDIS: redis }),
  })
  procs.push(guard)
  const guardUrl = (await guard.waitFor(/listening on (http:\/\/\S+)/))[1] as string
  // A guard whose log is new may be in its restart window: /readyz says when it is over, as in compose.
  await until(async () => (await fetch(`${guardUrl}/readyz`)).status === 200)
  const gate = start(BIN, ['serve'], {
    VERBATIM_PROFILE: 'container', VERBATIM_CONFIG: join(etcGate, 'verbatim.yaml'), VERBATIM_LISTEN: '127.0.0.1:0',
    VERBATIM_AUDIT_DIR: vol.gateAudit, VERBATIM_UPSTREAMS_0_URL: guardUrl, VERBATIM_SIGNING_TTL_SECONDS: String(o.ttlSeconds), CODER_TOKEN: TOKEN,
  })
  procs.push(gate)
  const gateUrl = (await gate.waitFor(/listening on (http:\/\/\S+)/))[1] as string
  await until(async () => (await fetch(`${gateUrl}/readyz`)).status === 200)
  return {
    dir, vol, etcGate, etcGuard, gate, guard, gateUrl, guardUrl, keys, rolloutPolicies,
    async call(tool, args) {
      const res = await fetch(`${gateUrl}/v1/tools/${tool}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(args) })
      return { status: res.status, body: await res.text() }
    },
    async close() {
      for (const p of procs.reverse()) await p.stop()
    },
  }
}
