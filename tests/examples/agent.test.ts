/** The example agent client against a real gate and the guarded example executor, over sockets. */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GateError, callTool } from '../../examples/agent/client.js'
import { startExecutor } from '../../examples/executor/index.js'
import { earlierRun } from '../helpers/guard-log.js'
import type { ExecutorHandle } from '../../examples/executor/index.js'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import type { GateHandle } from '../../src/gate/index.js'

const TOKEN = 'agent-token-0123456789abcdef'
let gate: GateHandle
let executor: ExecutorHandle
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-agent-'))
  const key = await generateKeyPair()
  const { privatePath } = await writeKeyFiles(join(dir, 'keys'), key)
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([key])))
  await earlierRun(join(dir, 'executed'), 'sandbox-1')
  executor = await startExecutor({ workspace: join(dir, 'ws'), audience: 'sandbox-1', jwksFile: join(dir, 'jwks.json'), auditDir: join(dir, 'executed'), log: () => undefined })
  await writeFile(join(dir, 'ws', 'hello.txt'), 'hi')
  gate = await startGate(
    ConfigSchema.parse({
      listen: { host: '127.0.0.1', port: 0 },
      policies: [new URL('../../policies', import.meta.url).pathname],
      agents: [{ id: 'coder', token: { env: 'AGENT_TOKEN' } }],
      upstreams: [{ name: 'sandbox', url: executor.url, audience: 'sandbox-1', maxConcurrent: 1, maxQueue: 0 }],
      routes: [{ tools: ['fs.*', 'shell.exec'], upstream: 'sandbox' }],
      signing: { keyFile: privatePath },
      audit: { dir: join(dir, 'approved') },
      probe: { intervalMs: 0 },
    }),
    { env: { AGENT_TOKEN: TOKEN }, log: () => undefined },
  )
})

afterAll(async () => {
  await gate?.close()
  await executor?.close()
})

describe('example agent client', () => {
  it('gets the tool result, the decision id and a receipt', async () => {
    const r = await callTool(gate.url, TOKEN, 'fs.read', { path: '/workspace/hello.txt' })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ ok: true, result: { content: 'hi' } })
    expect(r.decisionId).toMatch(/^[0-9a-f-]{36}$/)
    expect(r.receipt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  })

  it('surfaces a denial as GateError with its code, without retrying', async () => {
    const waits: number[] = []
    const e = await callTool(gate.url, TOKEN, 'fs.read', { path: '/workspace/.env' }, { sleep: async (ms) => void waits.push(ms) }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(GateError)
    expect(e).toMatchObject({ status: 403, code: 'ERR_POLICY_DENIED' })
    expect(waits).toEqual([])
  })

  it('retries an overloaded refusal with jitter, up to its attempts', async () => {
    // One slot, no queue: while a slow shell.exec holds the slot, the next call is refused with Retry-After.
    const slow = callTool(gate.url, TOKEN, 'shell.exec', { argv: ['node', '-e', 'setTimeout(() => {}, 800)'] })
    await new Promise((r) => setTimeout(r, 150))
    const waits: number[] = []
    const e = await callTool(gate.url, TOKEN, 'fs.read', { path: '/workspace/hello.txt' }, { attempts: 2, sleep: async (ms) => void waits.push(ms) }).catch((x: unknown) => x)
    expect(e).toMatchObject({ status: 503, code: 'ERR_GATE_OVERLOADED' })
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeLessThanOrEqual(5000)
    expect((await slow).status).toBe(200)
  })
})
