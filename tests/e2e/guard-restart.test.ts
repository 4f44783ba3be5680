/**
 * A guard restarted on lost or ephemeral storage must not run a captured call again. The replay
 * store counts as refilled only if the executed log holds this guard's earlier run; a new, empty
 * or deleted log leaves the restart rule on. Exact bytes on a raw socket; the executor shows what ran.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecords } from '../../src/audit/index.js'
import { generateKeyPair, jwks } from '../../src/binding/index.js'
import type { SigningKey } from '../../src/binding/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardHandle } from '../../src/guard/index.js'
import { earlierRun } from '../helpers/guard-log.js'
import { parseResponses, post, rawExchange } from '../helpers/raw-http.js'
import { signedCall } from '../helpers/sign.js'
import { startRecordingExecutor } from '../helpers/recording-executor.js'
import type { RecordingExecutor } from '../helpers/recording-executor.js'

let dir: string
let gateKey: SigningKey
let executor: RecordingExecutor
let ran: string[] = []

async function guardOn(auditDir: string): Promise<GuardHandle> {
  return startGuard(checkGuardConfig({ listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'jwks.json') }, audit: { dir: auditDir }, executor: { http: executor.url } }), { log: () => undefined })
}

let lastRetryAfter: string | undefined
async function send(g: GuardHandle, bytes: string): Promise<{ status: number; code: string | undefined }> {
  const { out } = await rawExchange(Number(new URL(g.url).port), bytes, (o) => parseResponses(o).length === 1)
  const r = parseResponses(out)[0]
  lastRetryAfter = r?.headers['retry-after']
  return { status: r?.status ?? 0, code: r === undefined || r.status === 200 ? undefined : (JSON.parse(r.body) as { code: string }).code }
}

let captured: string
let capturedNonce: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-restart-'))
  gateKey = await generateKeyPair()
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([gateKey])))
  executor = await startRecordingExecutor()
  ran = executor.ran
  // A guard that has run before: it accepts fresh calls at once. A middlebox captures one call.
  await earlierRun(join(dir, 'log'), 'sandbox-1')
  const g = await guardOn(join(dir, 'log'))
  const call = signedCall(gateKey, 'fs.write', '{"path":"/workspace/once"}')
  captured = post(call.path, call.headers, call.body)
  capturedNonce = /nonce="([^"]+)"/.exec(call.headers['signature-input'] ?? '')?.[1] ?? ''
  expect(await send(g, captured)).toEqual({ status: 200, code: undefined })
  await g.close()
  await cp(join(dir, 'log'), join(dir, 'log-kept'), { recursive: true })
  expect(ran).toEqual(['{"path":"/workspace/once"}'])
})
afterAll(() => executor.close())

const executionsOf = async (logDir: string): Promise<number> =>
  (await readRecords(logDir)).filter((r) => r.type === 'execution' && r.nonce === capturedNonce).length

describe('guard restart: a captured call never runs twice', () => {
  it('on a brand-new executed log (ephemeral storage), the replay is refused by the restart rule and logged', async () => {
    const g = await guardOn(join(dir, 'new-log'))
    try {
      expect(await send(g, captured)).toEqual({ status: 401, code: 'ERR_GUARD_BEFORE_START' })
      // It says when fresh bindings are accepted: at most skew + 1 seconds after the start.
      expect(Number(lastRetryAfter)).toBeGreaterThanOrEqual(1)
      expect(Number(lastRetryAfter)).toBeLessThanOrEqual(31)
      const ready = await fetch(`${g.url}/readyz`)
      expect(ready.status).toBe(503)
      expect(JSON.stringify(await ready.json())).toContain('restart rule')
    } finally {
      await g.close()
    }
    expect(ran).toHaveLength(1)
    expect(await executionsOf(join(dir, 'new-log'))).toBe(0)
    const refusals = (await readRecords(join(dir, 'new-log'))).filter((r) => r.type === 'refusal')
    expect(refusals.map((r) => [r.code, r.nonce])).toEqual([['ERR_GUARD_BEFORE_START', capturedNonce]])
  })

  it('on its own log deleted before the restart, the replay is refused just the same', async () => {
    await rm(join(dir, 'log'), { recursive: true })
    const g = await guardOn(join(dir, 'log'))
    try {
      expect(await send(g, captured)).toEqual({ status: 401, code: 'ERR_GUARD_BEFORE_START' })
    } finally {
      await g.close()
    }
    expect(ran).toHaveLength(1)
  })

  it('on a log of another audience only, the restart rule still applies', async () => {
    await earlierRun(join(dir, 'other-log'), 'sandbox-2')
    const g = await guardOn(join(dir, 'other-log'))
    try {
      expect(await send(g, captured)).toEqual({ status: 401, code: 'ERR_GUARD_BEFORE_START' })
    } finally {
      await g.close()
    }
    expect(ran).toHaveLength(1)
  })

  it('on its intact log, the store is refilled: the replay is ERR_GUARD_REPLAY and a fresh call runs at once', async () => {
    const g = await guardOn(join(dir, 'log-kept'))
    try {
      expect(await send(g, captured)).toEqual({ status: 403, code: 'ERR_GUARD_REPLAY' })
      const fresh = signedCall(gateKey, 'fs.write', '{"path":"/workspace/fresh"}')
      expect(await send(g, post(fresh.path, fresh.headers, fresh.body))).toEqual({ status: 200, code: undefined })
      expect((await fetch(`${g.url}/readyz`)).status).toBe(200)
    } finally {
      await g.close()
    }
    expect(ran).toEqual(['{"path":"/workspace/once"}', '{"path":"/workspace/fresh"}'])
    expect(await executionsOf(join(dir, 'log-kept'))).toBe(1)
  })

  it('on a log whose last run ended without its stop record (a crash, or a log that failed), the restart rule applies', async () => {
    const logDir = join(dir, 'crashed-log')
    await earlierRun(logDir, 'sandbox-1')
    const running = await guardOn(logDir)
    // A copy taken while the guard runs is its log as a crash leaves it: no stop, and a lock to take over.
    await cp(logDir, join(dir, 'crashed-copy'), { recursive: true })
    await running.close()
    await rm(join(dir, 'crashed-copy', 'guard.lock'), { force: true })
    const g = await guardOn(join(dir, 'crashed-copy'))
    try {
      const fresh = signedCall(gateKey, 'fs.write', '{"path":"/workspace/after-crash"}')
      expect(await send(g, post(fresh.path, fresh.headers, fresh.body))).toEqual({ status: 401, code: 'ERR_GUARD_BEFORE_START' })
    } finally {
      await g.close()
    }
    expect(ran).not.toContain('{"path":"/workspace/after-crash"}')
  })

  it('a call refused during the restart hold stays refused after the next restart on the same log (its nonce was spent)', async () => {
    const logDir = join(dir, 'hold-log')
    const held = signedCall(gateKey, 'fs.write', '{"path":"/workspace/held"}')
    const bytes = post(held.path, held.headers, held.body)
    const heldNonce = /nonce="([^"]+)"/.exec(held.headers['signature-input'] ?? '')?.[1] ?? ''
    // A brand-new log: the hold applies, and the gate is told the call failed.
    const first = await guardOn(logDir)
    try {
      expect(await send(first, bytes)).toEqual({ status: 401, code: 'ERR_GUARD_BEFORE_START' })
    } finally {
      await first.close()
    }
    // The log now holds that run, stopped cleanly: the store is refilled, refusals included.
    const second = await guardOn(logDir)
    try {
      expect(await send(second, bytes)).toEqual({ status: 403, code: 'ERR_GUARD_REPLAY' })
      const fresh = signedCall(gateKey, 'fs.write', '{"path":"/workspace/after-hold"}')
      expect(await send(second, post(fresh.path, fresh.headers, fresh.body))).toEqual({ status: 200, code: undefined })
    } finally {
      await second.close()
    }
    expect(ran).not.toContain('{"path":"/workspace/held"}')
    const refusals = (await readRecords(logDir)).filter((r) => r.type === 'refusal' && r.nonce === heldNonce)
    expect(refusals.map((r) => [r.code, r.spent])).toEqual([['ERR_GUARD_BEFORE_START', true], ['ERR_GUARD_REPLAY', true]])
  })
})
