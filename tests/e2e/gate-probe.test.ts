/**
 * The gate keeps checking that its executor is guarded: a gate started before its guard becomes
 * ready once a later probe finds the guard, and stops forwarding once a later probe finds the guard
 * gone. The periodic probe's timer is driven by hand; everything else is real sockets.
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import type { GateHandle, SetTimer } from '../../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardHandle } from '../../src/guard/index.js'
import { earlierRun } from '../helpers/guard-log.js'
import { freePort } from '../helpers/ports.js'

const TOKEN = 'probe-token-0123456789abcdef'
let dir: string
let port: number
let gate: GateHandle
const lines: string[] = []
const ran: string[] = []
const executor = createServer((req, res) => {
  ran.push(req.url ?? '')
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ran":true}'))
})
let executorUrl = ''

/** The periodic probe's timer, fired by the test: each tick runs one full probe and re-arms. */
const ticks: Array<() => void> = []
let armed: (() => void) | undefined
const timer: SetTimer = (fn) => {
  ticks.push(fn)
  armed?.()
  return () => undefined
}
async function tick(): Promise<void> {
  const fn = ticks.shift()
  if (fn === undefined) throw new Error('the periodic probe is not armed')
  const rearmed = new Promise<void>((r) => (armed = r))
  fn()
  await rearmed
}

const call = (): Promise<Response> =>
  fetch(`${gate.url}/v1/tools/t.run`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"n":1}' })
const codeOf = async (r: Response): Promise<string> => ((await r.json()) as { code: string }).code

async function guardOnPort(jwksFile: string, log: string): Promise<GuardHandle> {
  await earlierRun(join(dir, log), 'sandbox-1')
  return startGuard(checkGuardConfig({ listen: { port }, audience: 'sandbox-1', keys: { jwksFile }, audit: { dir: join(dir, log) }, executor: { http: executorUrl } }), { log: () => undefined })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-probe-'))
  await new Promise<void>((r) => executor.listen(0, '127.0.0.1', r))
  executorUrl = `http://127.0.0.1:${(executor.address() as AddressInfo).port}`
  const key = await generateKeyPair()
  const { privatePath } = await writeKeyFiles(join(dir, 'keys'), key)
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([key])))
  await writeFile(join(dir, 'other-jwks.json'), JSON.stringify(jwks([await generateKeyPair()])))
  await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: ["*"] }\n')
  port = await freePort()
  const config = ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [join(dir, 'p.yaml')],
    agents: [{ id: 'coder', token: { env: 'PROBE_TOKEN' } }],
    upstreams: [{ name: 'sandbox', url: `http://127.0.0.1:${port}`, audience: 'sandbox-1' }],
    routes: [{ tools: ['*'], upstream: 'sandbox' }],
    signing: { keyFile: privatePath },
    audit: { dir: join(dir, 'approved') },
    probe: { intervalMs: 60_000 },
  })
  gate = await startGate(config, { env: { PROBE_TOKEN: TOKEN }, log: (l) => lines.push(l), probeTimer: timer })
})
afterAll(async () => {
  await gate.close()
  executor.close()
})

describe('periodic probes: the guard state follows the executor both ways', () => {
  let guard: GuardHandle | undefined
  let plain: Server | undefined
  afterAll(async () => {
    await guard?.close()
    plain?.close()
  })

  it('a gate started before its guard is not ready and forwards nothing', async () => {
    expect(gate.deps.upstreams.get('sandbox')?.guard).toBe('unknown')
    expect((await fetch(`${gate.url}/readyz`)).status).toBe(503)
    expect(await codeOf(await call())).toBe('ERR_GATE_UPSTREAM_UNAVAILABLE')
    expect(ran).toEqual([])
  })

  it('the guard added later is found guarded by the next periodic probe, and calls go through', async () => {
    guard = await guardOnPort(join(dir, 'jwks.json'), 'executed')
    await tick()
    expect(gate.deps.upstreams.get('sandbox')?.guard).toBe('guarded')
    expect((await fetch(`${gate.url}/readyz`)).status).toBe(200)
    const r = await call()
    expect(r.status).toBe(200)
    expect(ran).toEqual(['/v1/tools/t.run'])
  })

  it('the guard removed later (executor exposed directly) is found unguarded by the next probe; nothing more is forwarded', async () => {
    await guard?.close()
    guard = undefined
    // The executor now answers on the guard's port: nothing checks bindings.
    plain = createServer((req, res) => {
      ran.push(`plain ${req.url ?? ''}`)
      req.resume()
      req.on('end', () => res.writeHead(200).end('{}'))
    })
    await new Promise<void>((r) => plain?.listen(port, '127.0.0.1', r))
    await tick()
    expect(gate.deps.upstreams.get('sandbox')?.guard).toBe('unguarded')
    expect(lines.join('\n')).toMatch(/REFUSING to forward to 'sandbox'/)
    const probesSeen = ran.length
    expect(await codeOf(await call())).toBe('ERR_GATE_UPSTREAM_UNGUARDED')
    expect(ran.slice(probesSeen).filter((p) => !p.endsWith('/verbatim.probe'))).toEqual([])
    expect((await fetch(`${gate.url}/readyz`)).status).toBe(503)
    await new Promise<void>((r) => plain?.close(() => r()))
    plain = undefined
  })

  it('a guard that refuses signed probes with another code is reported guarded but misconfigured, with that code', async () => {
    guard = await guardOnPort(join(dir, 'other-jwks.json'), 'executed-2')
    await tick()
    const u = gate.deps.upstreams.get('sandbox')
    expect(u?.guard).toBe('misconfigured')
    expect(u?.guardDetail).toContain('ERR_GUARD_KEY_UNKNOWN')
    expect(lines.join('\n')).toMatch(/a guard is there but refuses correctly signed probes/)
    expect(lines.join('\n')).not.toMatch(/is misconfigured[^\n]*did not sign/)
    const r = await call()
    expect(r.status).toBe(502)
    expect(await r.json()).toMatchObject({ code: 'ERR_GATE_UPSTREAM_UNAVAILABLE', detail: expect.stringContaining('ERR_GUARD_KEY_UNKNOWN') as unknown })
    const ready = (await (await fetch(`${gate.url}/readyz`)).json()) as { reasons: string[] }
    expect(ready.reasons.join()).toContain('misconfigured')
  })
})
