/**
 * guard.yaml gets the gate's treatment: VERBATIM_GUARD_… overrides through the schema's own keys
 * (unions included), a container profile that only fills gaps, a replica id that names the log.
 */
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/index.js'
import { buildGuardConfig, executedLogName, readGuardConfig } from '../../src/guard/index.js'

const BASE = 'audience: sandbox-1\nkeys: { jwksFile: keys/jwks.json }\nexecutor: { http: "http://127.0.0.1:9001" }\n'
const FILE = '/etc/verbatim/guard.yaml'

function fault(text: string, env: Record<string, string>): { code: string; message: string } {
  try {
    readGuardConfig(FILE, text, env)
  } catch (e) {
    return e as { code: string; message: string }
  }
  throw new Error('expected a fault')
}

describe('guard config: VERBATIM_GUARD_… overrides', () => {
  it('sets fields by path, through the executor and replay unions, and names each override', () => {
    const r = readGuardConfig(FILE, BASE, {
      VERBATIM_GUARD_LISTEN_PORT: '9100',
      VERBATIM_GUARD_EXECUTOR_HTTP: 'unix:/run/tool/tool.sock',
      VERBATIM_GUARD_EXECUTOR_TIMEOUT_MS: '5000',
      VERBATIM_GUARD_REPLAY_REDIS: 'redis://redis:6379',
      VERBATIM_GUARD_SKEW_SECONDS: '2',
    })
    expect(r.config.listen).toEqual({ host: '127.0.0.1', port: 9100 })
    expect(r.config.executor).toEqual({ http: 'unix:/run/tool/tool.sock', timeoutMs: 5000, maxResponseBytes: 16 * 1024 * 1024 })
    expect(r.config.replay).toEqual({ redis: 'redis://redis:6379' })
    expect(r.config.skewSeconds).toBe(2)
    expect(r.overrides).toContain('VERBATIM_GUARD_EXECUTOR_HTTP -> executor.http')
    expect(r.overrides).toHaveLength(5)
  })

  it('takes a whole subtree as JSON, and HOST:PORT for listen', () => {
    const r = readGuardConfig(FILE, BASE, { VERBATIM_GUARD_LISTEN: '0.0.0.0:8080', VERBATIM_GUARD_REPLAY: '{"redis":"rediss://r:6380"}' })
    expect(r.config.listen).toEqual({ host: '0.0.0.0', port: 8080 })
    expect(r.config.replay).toEqual({ redis: 'rediss://r:6380' })
  })

  it('refuses a variable that names no field, with ERR_CONFIG_INVALID and the variable', () => {
    const f = fault(BASE, { VERBATIM_GUARD_LISTEN_PROT: '1' })
    expect(f.code).toBe('ERR_CONFIG_INVALID')
    expect(f.message).toContain('VERBATIM_GUARD_LISTEN_PROT')
  })

  it('blames the variable, not the file, for a bad value', () => {
    const f = fault(BASE, { VERBATIM_GUARD_SKEW_SECONDS: 'soon' })
    expect(f.code).toBe('ERR_CONFIG_INVALID')
    expect(f.message).toMatch(/^VERBATIM_GUARD_SKEW_SECONDS \(environment\): skewSeconds: /)
  })

  it("ignores the gate's variables, and the gate ignores the guard's", () => {
    const guard = readGuardConfig(FILE, BASE, { VERBATIM_LISTEN_PORT: '1', VERBATIM_CONFIG: '/x', VERBATIM_GUARD_CONFIG: FILE })
    expect(guard.config.listen.port).toBe(9000)
    expect(guard.overrides).toEqual([])
    const gateText = `policies: [p.yaml]
agents: [{ id: a, token: { env: T } }]
upstreams: [{ name: u, url: "http://127.0.0.1:9000", audience: sandbox-1 }]
routes: [{ tools: ["*"], upstream: u }]
signing: { keyFile: k.pem }
`
    const gate = parseConfig('/etc/verbatim/verbatim.yaml', gateText, { VERBATIM_GUARD_LISTEN_PORT: '1', VERBATIM_LISTEN: '0.0.0.0:9090' })
    expect(gate.config.listen).toEqual({ host: '0.0.0.0', port: 9090 })
    expect(gate.overrides).toEqual(['VERBATIM_LISTEN -> listen'])
  })

  it('lets a flag win over a variable, and a variable over a default', () => {
    const r = buildGuardConfig(
      { audience: 'a', listen: { port: 7000 }, keys: { jwksFile: '/k.json' }, executor: { http: 'http://127.0.0.1:1' } },
      { VERBATIM_GUARD_LISTEN_PORT: '9100', VERBATIM_GUARD_LISTEN_HOST: '0.0.0.0', VERBATIM_GUARD_AUDIT_DIR: '/audit' },
    )
    expect(r.config.listen).toEqual({ host: '0.0.0.0', port: 7000 })
    expect(r.config.audit.dir).toBe('/audit')
  })
})

describe('guard config: VERBATIM_PROFILE=container', () => {
  it('fills listen, the audit volume and the replica id from POD_NAME, else HOSTNAME', () => {
    const pod = readGuardConfig(FILE, BASE, { VERBATIM_PROFILE: 'container', POD_NAME: 'executor-7d9f-x2v', HOSTNAME: 'ignored' }).config
    expect(pod.listen).toEqual({ host: '0.0.0.0', port: 8080 })
    expect(pod.audit.dir).toBe('/var/lib/verbatim/audit')
    expect(pod.replicaId).toBe('executor-7d9f-x2v')
    expect(executedLogName(pod)).toBe('guard-executor-7d9f-x2v')
    const docker = readGuardConfig(FILE, BASE, { VERBATIM_PROFILE: 'container', HOSTNAME: '3f2a9c1b7e44' }).config
    expect(executedLogName(docker)).toBe('guard-3f2a9c1b7e44')
  })

  it('keeps what the file and the variables say', () => {
    const text = `${BASE}listen: { port: 9999 }\naudit: { dir: /data/executed }\nreplicaId: pinned\n`
    const c = readGuardConfig(FILE, text, { VERBATIM_PROFILE: 'container', HOSTNAME: 'h1', VERBATIM_GUARD_LISTEN_HOST: '127.0.0.1' }).config
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 9999 })
    expect(c.audit.dir).toBe('/data/executed')
    expect(c.replicaId).toBe('pinned')
  })

  it('changes nothing without the profile: the log stays guard', () => {
    const c = readGuardConfig(FILE, BASE, { HOSTNAME: 'h1', POD_NAME: 'p1' }).config
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 9000 })
    expect(c.audit.dir).toBe('/etc/verbatim/.verbatim/guard-audit')
    expect(executedLogName(c)).toBe('guard')
  })

  it('refuses an unknown profile and a replica id that cannot name a file', () => {
    expect(fault(BASE, { VERBATIM_PROFILE: 'kubernetes' }).message).toContain("unknown profile 'kubernetes'")
    const f = fault(BASE, { VERBATIM_PROFILE: 'container', HOSTNAME: '../etc' })
    expect(f.code).toBe('ERR_CONFIG_INVALID')
    expect(f.message).toContain('replicaId')
  })

  it('gives the gate the same defaults', () => {
    const text = 'policies: [p.yaml]\nagents: [{ id: a, token: { env: T } }]\nupstreams: [{ name: u, url: "http://127.0.0.1:9000", audience: s }]\nroutes: [{ tools: ["*"], upstream: u }]\nsigning: { keyFile: k.pem }\n'
    const c = parseConfig('/etc/verbatim/verbatim.yaml', text, { VERBATIM_PROFILE: 'container' }).config
    expect(c.listen).toEqual({ host: '0.0.0.0', port: 8080 })
    expect(c.audit.dir).toBe('/var/lib/verbatim/audit')
    expect(c.policies).toEqual(['/etc/verbatim/p.yaml'])
  })
})
