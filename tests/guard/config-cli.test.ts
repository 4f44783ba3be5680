/**
 * `verbatim guard config schema|check`, and guard replicas on one audit volume: each writes its own
 * log (guard-{replica}) without hand-renaming, a duplicate replica id is refused, and the auditor's
 * tools name the replica in every finding.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openAuditWriter } from '../../src/audit/index.js'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { guardConfigJsonSchema } from '../../src/guard/index.js'
import { BIN, start } from '../e2e/procs.js'
import type { Proc } from '../e2e/procs.js'
import { runCli } from '../helpers/cli.js'
import type { Run } from '../helpers/cli.js'

const run = (argv: string[], env: Record<string, string> = {}): Promise<Run> => runCli(argv, { env })

const procs: Proc[] = []
afterAll(async () => {
  for (const p of procs) await p.stop()
})

async function exited(p: Proc): Promise<number | null> {
  return p.child.exitCode ?? new Promise((r) => p.child.once('exit', r))
}

describe('verbatim guard config', () => {
  it('schema prints the JSON Schema of guard.yaml, replicaId included', async () => {
    const r = await run(['guard', 'config', 'schema'])
    expect(r.code).toBe(0)
    const schema = JSON.parse(r.out) as { properties: Record<string, unknown> }
    expect(schema).toEqual(guardConfigJsonSchema())
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['audience', 'keys', 'replicaId', 'executor', 'replay']))
  })

  it('check says ok, names the overrides and the log the replica will write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-guard-config-'))
    await writeKeyFiles(dir, await generateKeyPair())
    await writeFile(join(dir, 'guard.yaml'), 'audience: a\nkeys: { jwksFile: jwks.json }\nexecutor: { http: "http://127.0.0.1:9001" }\naudit: { dir: executed }\n')
    const r = await run(['guard', 'config', 'check'], { VERBATIM_GUARD_CONFIG: join(dir, 'guard.yaml'), VERBATIM_GUARD_REPLICA_ID: 'exec-1' })
    expect(r.code).toBe(0)
    expect(r.out).toBe(`ok (1 environment overrides)\noverride VERBATIM_GUARD_REPLICA_ID -> replicaId\nexecuted log: ${dir}/executed/guard-exec-1-*.jsonl\n`)
  })

  it('check exits 2 with file:line:col for a fault, as for a usage error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-guard-config-'))
    await writeFile(join(dir, 'guard.yaml'), 'audience: a\nkeys: { jwksFile: jwks.json }\nexecutor: { http: "http://10.0.0.5:9001" }\n')
    const r = await run(['guard', 'config', 'check', join(dir, 'guard.yaml')])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(new RegExp(`^${join(dir, 'guard.yaml')}:3:`))
    expect((await run(['guard', 'config', 'check', 'a', 'b'])).code).toBe(2)
  })

  it('check runs every check the guard runs before it listens: each fault at once, where the config says it', async () => {
    // Before: "ok" for a key file and a key set that do not exist and an audit dir under a file; the guard then refused to start.
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-guard-config-'))
    await writeFile(join(dir, 'plain-file'), 'x')
    const guardYaml = join(dir, 'guard.yaml')
    await writeFile(guardYaml, 'audience: a\nkeys: { jwksFile: missing-jwks.json }\nexecutor: { http: "http://127.0.0.1:9001" }\naudit: { dir: plain-file/executed }\nsigning: { keyFile: missing.key.pem }\napprovals: { trustFile: missing-trust.json, require: [{ tools: [shell.exec], group: ops }] }\n')
    const r = await run(['guard', 'config', 'check', guardYaml])
    expect(r.code).toBe(2)
    const lines = r.err.trim().split('\n')
    expect(lines.find((l) => l.startsWith(`${guardYaml}:5:`) && l.includes('signing.keyFile'))).toBeDefined()
    expect(lines.find((l) => l.startsWith(`${guardYaml}:2:`) && l.includes('keys.jwksFile'))).toBeDefined()
    expect(lines.find((l) => l.startsWith(`${guardYaml}:4:`) && l.includes('is not a directory'))).toBeDefined()
    expect(lines.find((l) => l.startsWith(`${guardYaml}:6:`) && l.includes('approvals.trustFile'))).toBeDefined()
    // The guard itself refuses the same config with the same faults, before it listens.
    const g = await run(['guard', '--config', guardYaml])
    expect(g.code).toBe(2)
    for (const at of [':5:', ':2:', ':4:', ':6:']) expect(g.err).toContain(`${guardYaml}${at}`)
  })
})

describe('guard replicas sharing one audit volume', () => {
  it('start side by side under the container profile, each on its own log; a duplicate replica id is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-replicas-'))
    const key = await generateKeyPair()
    await writeKeyFiles(join(dir, 'keys'), key)
    // The image's way: no flags, the config from VERBATIM_GUARD_CONFIG, the replica from HOSTNAME.
    await writeFile(join(dir, 'guard.yaml'), 'audience: exec-1\nkeys: { jwksFile: keys/jwks.json }\nexecutor: { http: "http://127.0.0.1:9" }\naudit: { dir: shared }\n')
    const env = (host: string): Record<string, string> => ({ VERBATIM_PROFILE: 'container', HOSTNAME: host, VERBATIM_GUARD_CONFIG: join(dir, 'guard.yaml'), VERBATIM_GUARD_LISTEN: '127.0.0.1:0' })
    const a = start(BIN, ['guard'], env('executor-a'))
    const b = start(BIN, ['guard'], env('executor-b'))
    procs.push(a, b)
    await a.waitFor(/listening on http/)
    await b.waitFor(/listening on http/)
    expect(a.output()).toContain(`executed log ${dir}/shared/guard-executor-a`)
    const twin = start(BIN, ['guard'], env('executor-a'))
    procs.push(twin)
    expect(await exited(twin)).toBe(1)
    expect(twin.output()).toMatch(/ERR_AUDIT_UNAVAILABLE: audit log in .* is in use by process \d+/)
    expect(await a.stop()).toBe(0)
    expect(await b.stop()).toBe(0)
    const names = (await readdir(join(dir, 'shared'))).sort()
    expect(names).toEqual(['guard-executor-a-000000000000.jsonl', 'guard-executor-b-000000000000.jsonl'])
    const v = await run(['audit', 'verify', join(dir, 'shared')])
    expect(v.code).toBe(0)
    expect(v.out).toMatch(/^\S+shared \(guard-executor-a\): /m)
    expect(v.out).toMatch(/^\S+shared \(guard-executor-b\): /m)
  })

  it('reconcile names the replica log of every finding', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-replicas-'))
    const signer = { kid: 'k', privateKey: generateKeyPairSync('ed25519').privateKey }
    const s = Math.floor(Date.now() / 1000)
    const gate = await openAuditWriter({ dir: join(dir, 'approved'), process: 'gate', signer, startFields: { keys: [{ kid: 'gk', x: 'AA' }] } })
    for (const id of ['d1', 'd2']) {
      await gate.append('decision', { decisionId: id, verdict: 'allow', digest: 'a'.repeat(64), keyid: 'gk', created: s, expires: s + 60 })
    }
    await gate.close()
    const exec = async (replica: string, id: string, digest: string): Promise<void> => {
      const w = await openAuditWriter({ dir: join(dir, 'executed'), process: `guard-${replica}`, signer })
      await w.append('execution', { decisionId: id, status: 'accepted', digest, keyid: 'gk', created: s, expires: s + 60 })
      await w.close()
    }
    await exec('executor-a', 'd1', 'a'.repeat(64))
    await exec('executor-b', 'd2', 'b'.repeat(64))
    await exec('executor-b', 'd9', 'a'.repeat(64))
    const args = ['audit', 'reconcile', '--approved', join(dir, 'approved'), '--executed', join(dir, 'executed')]
    const text = await run(args)
    expect(text.code).toBe(1)
    expect(text.out).toMatch(/digest-mismatch +d2 +\[\S+approved seq \d+, \S+executed \(guard-executor-b\) seq \d+\]/)
    expect(text.out).toMatch(/executed-without-approval +d9 +\[approved: none, \S+executed \(guard-executor-b\) seq \d+\]/)
    const json = JSON.parse((await run([...args, '--json'])).out) as { offending: { class: string; approved: { log: string } | null; executed: { log: string } }[]; integrity: { process: string }[] }
    expect(json.offending.map((o) => [o.class, o.approved?.log ?? null, o.executed.log])).toEqual([
      ['digest-mismatch', join(dir, 'approved'), `${join(dir, 'executed')} (guard-executor-b)`],
      ['executed-without-approval', null, `${join(dir, 'executed')} (guard-executor-b)`],
    ])
    expect(json.integrity.map((i) => i.process).sort()).toEqual(['gate', 'guard-executor-a', 'guard-executor-b'])
  })
})
