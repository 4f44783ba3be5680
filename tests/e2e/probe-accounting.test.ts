/**
 * The gate's own probes do not look like attacks (issue 18 item 4): the standalone guard and the
 * example executor do not log them as refusals, the guard counts them in verbatim_guard_probes_total
 * instead of its refusals, and reconcile counts exactly as many probes as the guard did (the
 * unsigned probe too). A real refusal is still logged and counted as one. Real sockets throughout.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecords } from '../../src/audit/index.js'
import { reconcile } from '../../src/auditor/index.js'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import type { GateHandle } from '../../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardHandle } from '../../src/guard/index.js'
import { startExecutor } from '../../examples/executor/index.js'
import type { ExecutorHandle } from '../../examples/executor/index.js'
import { earlierRun } from '../helpers/guard-log.js'

const TOKEN = 'probe-acct-token-0123456789abcdef'
let dir = ''
let keyFile = ''
const executor = createServer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ran":true}'))
})

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-probe-acct-'))
  await new Promise<void>((r) => executor.listen(0, '127.0.0.1', r))
  const key = await generateKeyPair()
  keyFile = (await writeKeyFiles(join(dir, 'keys'), key)).privatePath
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([key])))
  await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: ["*"] }\n')
})
afterAll(async () => {
  await new Promise((r) => executor.close(r))
  await rm(dir, { recursive: true, force: true })
})

async function gateFor(url: string, name: string): Promise<GateHandle> {
  return startGate(ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [join(dir, 'p.yaml')],
    agents: [{ id: 'coder', token: { env: 'ACCT_TOKEN' } }],
    upstreams: [{ name: 'sandbox', url, audience: 'sandbox-1' }],
    routes: [{ tools: ['*'], upstream: 'sandbox' }],
    signing: { keyFile },
    audit: { dir: join(dir, `approved-${name}`) },
    probe: { intervalMs: 0 },
  }), { env: { ACCT_TOKEN: TOKEN }, log: () => undefined })
}

/** A request no gate signed, at a real tool: a refusal that must still be logged and counted. */
const forged = (url: string): Promise<Response> => fetch(`${url}/v1/tools/fs.read`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":"/etc/passwd"}' })

const sum = (text: string, metric: string): number =>
  text.split('\n').filter((l) => l.startsWith(metric)).reduce((n, l) => n + Number(l.split(' ').pop()), 0)

describe('the gate\'s probes, at the standalone guard', () => {
  let guard: GuardHandle
  let gate: GateHandle
  const log: string[] = []

  it('are neither logged nor counted as refusals, and reconcile counts as many as the guard', async () => {
    await earlierRun(join(dir, 'executed'), 'sandbox-1')
    guard = await startGuard(checkGuardConfig({ listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'jwks.json') }, audit: { dir: join(dir, 'executed') }, executor: { http: `http://127.0.0.1:${(executor.address() as AddressInfo).port}` } }), { log: (l) => log.push(l) })
    gate = await gateFor(guard.url, 'guard')
    await gate.probe()
    await gate.probe()
    expect(gate.deps.upstreams.get('sandbox')?.guard).toBe('guarded')
    // Before: three "verbatim guard: refused ERR_GUARD_…" lines a round, counted as refusals.
    expect(log.filter((l) => /refused/.test(l))).toEqual([])
    let metrics = await (await fetch(`${guard.url}/metrics`)).text()
    expect(sum(metrics, 'verbatim_guard_probes_total')).toBe(9)
    expect(sum(metrics, 'verbatim_guard_refusals_total')).toBe(0)

    expect((await forged(guard.url)).status).toBe(401)
    expect(log.filter((l) => /refused/.test(l))).toEqual([expect.stringMatching(/^verbatim guard: refused ERR_GUARD_SIGNATURE_MISSING/)])
    metrics = await (await fetch(`${guard.url}/metrics`)).text()
    expect(sum(metrics, 'verbatim_guard_refusals_total{code="ERR_GUARD_SIGNATURE_MISSING"}')).toBe(1)

    await gate.close()
    await guard.close()
    const approved = await readRecords(join(dir, 'approved-guard'))
    const executed = await readRecords(join(dir, 'executed'))
    const r = reconcile(approved, executed, { graceMs: 0, keepOk: false })
    // Before: 6 (the unsigned probe left no record), against the guard's 9.
    expect([r.probes, r.rejectedByGuard]).toEqual([9, 0])
  })
})

describe('the gate\'s probes, at the example executor', () => {
  let ex: ExecutorHandle
  let gate: GateHandle
  const log: string[] = []

  it('are not printed as refusals; a forged call still is', async () => {
    await earlierRun(join(dir, 'executed-example'), 'sandbox-1')
    ex = await startExecutor({ workspace: join(dir, 'ws'), audience: 'sandbox-1', jwksFile: join(dir, 'jwks.json'), auditDir: join(dir, 'executed-example'), log: (l) => log.push(l) })
    gate = await gateFor(ex.url, 'example')
    await gate.probe()
    expect(gate.deps.upstreams.get('sandbox')?.guard).toBe('guarded')
    // Before: "verbatim executor: refused ERR_GUARD_SIGNATURE_MISSING: …" and two more, each round.
    expect(log.filter((l) => /refused/.test(l))).toEqual([])
    expect((await forged(ex.url)).status).toBe(401)
    expect(log.filter((l) => /refused/.test(l))).toEqual([expect.stringMatching(/^verbatim executor: refused ERR_GUARD_SIGNATURE_MISSING/)])
    await gate.close()
    await ex.close()
  })
})
