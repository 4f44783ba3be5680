/**
 * A replay store that loses its data must not reopen replay (DESIGN invariant 9). The guards run on
 * real redis-server processes of this test's own: restarted without persistence, restarted with
 * its append-only file, flushed, and failed over to a replica promoted with REPLICAOF NO ONE. A call
 * accepted before the loss and replayed byte for byte after it is refused with
 * ERR_GUARD_BEFORE_START and a Retry-After, /readyz says why, and the executor ran it once. The
 * guards' clock is injected: time moves only when the test says so.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecords } from '../../src/audit/index.js'
import { generateKeyPair, jwks } from '../../src/binding/index.js'
import type { SigningKey } from '../../src/binding/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardHandle } from '../../src/guard/index.js'
import { parseResponses, post, rawExchange } from '../helpers/raw-http.js'
import { caughtUp, replicate, startRedis } from '../helpers/redis-server.js'
import type { RedisServer } from '../helpers/redis-server.js'
import { signedCall } from '../helpers/sign.js'
import { startRecordingExecutor } from '../helpers/recording-executor.js'
import type { RecordingExecutor } from '../helpers/recording-executor.js'
import { startTcpSwitch } from '../helpers/tcp-switch.js'

const SKEW = 30
let dir: string
let gateKey: SigningKey
let executor: RecordingExecutor
let ran: string[] = []
/** The guards' clock (ms); it moves only when a test moves it. */
let nowMs = Date.now()
const clock = (): number => nowMs
const nowSeconds = (): number => Math.floor(nowMs / 1000)
const redisServers: RedisServer[] = []
const guards: GuardHandle[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-store-loss-'))
  gateKey = await generateKeyPair()
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([gateKey])))
  executor = await startRecordingExecutor()
  ran = executor.ran
})
afterAll(async () => {
  for (const g of guards) await g.close().catch(() => undefined)
  for (const r of redisServers) await r.stop().catch(() => undefined)
  executor.close()
})

async function redis(args?: readonly string[]): Promise<RedisServer> {
  const r = await startRedis(args)
  redisServers.push(r)
  return r
}

async function guardOn(url: string, name: string): Promise<GuardHandle> {
  const g = await startGuard(checkGuardConfig({
    listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'jwks.json') }, audit: { dir: join(dir, name) },
    executor: { http: executor.url }, replay: { redis: url }, skewSeconds: SKEW, replicaId: name,
  }), { log: () => undefined, clock })
  guards.push(g)
  return g
}

interface Sent { status: number; code: string | undefined; retryAfter: string | undefined }

/** One request on a raw socket. A store still reconnecting (503 ERR_GUARD_REPLAY_STORE) is asked again, as a client would. */
async function send(g: GuardHandle, bytes: string): Promise<Sent> {
  for (let i = 0; ; i++) {
    const { out } = await rawExchange(g.port, bytes, (o) => parseResponses(o).length === 1)
    const r = parseResponses(out)[0]
    const code = r === undefined || r.status === 200 ? undefined : (JSON.parse(r.body) as { code: string }).code
    if (code === 'ERR_GUARD_REPLAY_STORE' && i < 100) {
      await new Promise((res) => setTimeout(res, 50))
      continue
    }
    return { status: r?.status ?? 0, code, retryAfter: r?.headers['retry-after'] }
  }
}

/** A call the gate signed now, captured on the wire. */
function capture(body: string): string {
  const c = signedCall(gateKey, 'fs.write', body, { now: nowSeconds() })
  return post(c.path, c.headers, c.body)
}

async function readyz(g: GuardHandle): Promise<{ status: number; reasons: string[] }> {
  const r = await fetch(`${g.url}/readyz`)
  return { status: r.status, reasons: ((await r.json()) as { reasons: string[] }).reasons }
}

/**
 * The guard starts on the store (a store it has never seen: its first use is a loss too), time
 * passes beyond that hold, one call runs, the store loses its data, and the captured call is replayed.
 */
async function acceptLoseReplay(url: string, name: string, lose: () => Promise<void>, beforeCall?: () => Promise<void>): Promise<void> {
  const g = await guardOn(url, name)
  await beforeCall?.()
  nowMs += (SKEW + 2) * 1000
  const body = `{"path":"/workspace/${name}"}`
  const captured = capture(body)
  expect(await send(g, captured)).toMatchObject({ status: 200, code: undefined })
  const before = ran.length
  await lose()
  nowMs += 5000
  const replay = await send(g, captured)
  expect(replay).toMatchObject({ status: 401, code: 'ERR_GUARD_BEFORE_START' })
  // Fresh bindings are accepted again once the loss time + skew has passed: it says when.
  expect(Number(replay.retryAfter)).toBe(SKEW + 1)
  const ready = await readyz(g)
  expect(ready.status).toBe(503)
  expect(ready.reasons.join('\n')).toMatch(/replay store lost its data/)
  expect(ran.length).toBe(before)
  expect(ran.filter((b) => b === body)).toHaveLength(1)
  // The hold ends: a call signed after loss + skew runs.
  nowMs += (SKEW + 1) * 1000
  const fresh = `{"path":"/workspace/${name}-fresh"}`
  expect(await send(g, capture(fresh))).toMatchObject({ status: 200, code: undefined })
  expect((await readyz(g)).status).toBe(200)
  // Nothing in the executed log says the captured call was accepted twice.
  const accepted = (await readRecords(join(dir, name))).filter((r) => r.type === 'execution' && r.status === 'accepted')
  expect(accepted).toHaveLength(2)
}

describe('a replay store that lost its data (real redis-server)', () => {
  it('restarted without persistence: the captured call is refused, never run again', async () => {
    const r = await redis()
    await acceptLoseReplay(r.url, 'restart', () => r.restart())
  })

  it('restarted with its append-only file: a restart may have lost its last second, so it is a loss too', async () => {
    const r = await redis(['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'])
    await acceptLoseReplay(r.url, 'aof', () => r.restart())
  })

  it('FLUSHALL: the captured call is refused, never run again', async () => {
    const r = await redis()
    await acceptLoseReplay(r.url, 'flushall', async () => {
      expect(await r.cli('FLUSHALL')).toBe('OK')
    })
  })

  it('failed over to a replica that had not caught up (REPLICAOF NO ONE): the captured call is refused, never run again', async () => {
    // A replica's first sync without the default 5 s wait for more replicas.
    const primary = await redis(['--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0'])
    const replica = await redis()
    await replicate(replica, primary)
    const front = await startTcpSwitch(primary.port)
    try {
      await acceptLoseReplay(`redis://127.0.0.1:${front.port}`, 'failover', async () => {
        await primary.stop()
        front.switchTo(replica.port)
      }, async () => {
        // The replica has everything the guard wrote at start, then stops replicating: it will
        // not have the call's claim, as a replica that had not caught up.
        await caughtUp(replica, primary)
        expect(await replica.cli('REPLICAOF', 'NO', 'ONE')).toBe('OK')
        // It has the epoch: only the server it names tells the guard that this store is not the one it knew.
        expect(await replica.cli('EXISTS', 'verbatim:nonce:@epoch')).toBe('1')
      })
    } finally {
      await front.close()
    }
  })

  it('two failures at once: the store flushed while the guard was down, and a new guard process started on it', async () => {
    const r = await redis()
    const first = await guardOn(r.url, 'both-down')
    nowMs += (SKEW + 2) * 1000
    const body = '{"path":"/workspace/both-down"}'
    const captured = capture(body)
    expect(await send(first, captured)).toMatchObject({ status: 200 })
    await first.close()
    expect(await r.cli('FLUSHALL')).toBe('OK')
    nowMs += 2000
    const second = await guardOn(r.url, 'both-down')
    expect(await send(second, captured)).toMatchObject({ status: 401, code: 'ERR_GUARD_BEFORE_START' })
    expect((await readyz(second)).reasons.join('\n')).toMatch(/replay store lost its data/)
    expect(ran.filter((x) => x === body)).toHaveLength(1)
  })

  it('two guard replicas on one store agree: the first to see the loss fixes its time, the other adopts it', async () => {
    const r = await redis()
    const a = await guardOn(r.url, 'replica-a')
    const b = await guardOn(r.url, 'replica-b')
    nowMs += (SKEW + 2) * 1000
    const body = '{"path":"/workspace/replicas"}'
    const captured = capture(body)
    expect(await send(a, captured)).toMatchObject({ status: 200 })
    expect(await send(b, captured)).toMatchObject({ status: 403, code: 'ERR_GUARD_REPLAY' })
    expect(await r.cli('FLUSHALL')).toBe('OK')
    nowMs += 5000
    const lostAt = nowSeconds()
    expect(await send(b, captured)).toMatchObject({ status: 401, code: 'ERR_GUARD_BEFORE_START', retryAfter: String(SKEW + 1) })
    nowMs += 3000
    // Replica a learns of the loss from the store, with b's time, not its own.
    expect(await send(a, captured)).toMatchObject({ status: 401, code: 'ERR_GUARD_BEFORE_START', retryAfter: String(SKEW + 1 - 3) })
    expect(a.readyAt).toBe((lostAt + SKEW + 1) * 1000)
    expect(b.readyAt).toBe(a.readyAt)
    expect(ran.filter((x) => x === body)).toHaveLength(1)
  })
})
