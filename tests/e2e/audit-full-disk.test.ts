/**
 * DESIGN invariant 8, durable before answered, on a real full filesystem: each log on a small tmpfs
 * that the test fills to the last byte. After that, every answer the gate or the guard gives (a
 * denial, a rejection, an allowed call, an MCP denial, a guard's refusal) either carries a decision
 * id that its log holds, or none; and nothing is forwarded or run.
 */
import { writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readRecords } from '../../src/audit/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import { earlierRun } from '../helpers/guard-log.js'
import { MCP_TOKEN, startEverything, startMcpStack } from '../helpers/mcp-stack.js'
import { parseResponses, post, rawExchange } from '../helpers/raw-http.js'
import type { RawResponse } from '../helpers/raw-http.js'
import { signedCall } from '../helpers/sign.js'
import { startRecordingExecutor } from '../helpers/recording-executor.js'
import { TOKEN, startStack } from '../helpers/stack.js'
import type { Stack } from '../helpers/stack.js'
import { fillDisk, tryMountTmpfs, unmountAll } from '../helpers/tmpfs.js'

afterAll(unmountAll)

const POLICY = 'rules:\n  - { id: read-workspace, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /path, pathUnder: /workspace }] }\n'

/** A directory on its own small tmpfs, or undefined when this process may not mount one. */
async function smallDisk(): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-full-'))
  return tryMountTmpfs(dir, '512k') ? dir : undefined
}

/** A stack whose guard keeps its executed log (holding an earlier run) on its own small tmpfs. */
async function guardOnSmallDisk(): Promise<{ disk: string; executed: string; s: Stack } | undefined> {
  const disk = await smallDisk()
  if (disk === undefined) return undefined
  const executed = join(disk, 'executed')
  await mkdir(executed)
  await earlierRun(executed, 'sandbox-1')
  return { disk, executed, s: await startStack({ warmLog: false, guard: { audit: { dir: executed } } }) }
}

/** Every decision id an answer shows the agent: its header and its problem body. */
function idsOf(r: RawResponse): string[] {
  const ids: string[] = []
  if (r.headers['verbatim-decision-id'] !== undefined) ids.push(r.headers['verbatim-decision-id'])
  try {
    const v = JSON.parse(r.body) as { decisionId?: unknown; error?: { data?: { decisionId?: unknown } } }
    for (const id of [v.decisionId, v.error?.data?.decisionId]) if (typeof id === 'string') ids.push(id)
  } catch { /* not JSON */ }
  return ids
}

/** What the answers showed: each decision id with what it answered, and which kinds got a 503 that names none. */
interface Shown {
  ids: Map<string, string>
  unavailable: Set<string>
}

/** Sends each request once on its own connection and notes what its answer shows the agent. */
async function answers(port: number, requests: Record<string, string>, shown: Shown): Promise<void> {
  for (const [what, bytes] of Object.entries(requests)) {
    const { out } = await rawExchange(port, bytes, (o) => parseResponses(o).length === 1)
    const r = parseResponses(out)[0]
    if (r === undefined) throw new Error(`${what}: no answer: ${out}`)
    for (const id of idsOf(r)) shown.ids.set(id, `${what} (${r.status} ${r.body.slice(0, 80)})`)
    if (r.status === 503 && r.body.includes('ERR_AUDIT_UNAVAILABLE')) {
      expect(idsOf(r), what).toEqual([])
      expect(r.headers['retry-after'], what).toMatch(/^\d+$/)
      shown.unavailable.add(what)
    }
  }
}

/** The ids the answers showed that `held` does not hold. */
const orphans = (shown: Shown, held: Set<unknown>): string[] => [...shown.ids].filter(([id]) => !held.has(id)).map(([id, what]) => `${id}: ${what}`)

describe('durable before answered: a full audit disk (real tmpfs)', () => {
  it('the gate: denials, rejections and approvals answer with no decision id that its log does not hold', async (ctx) => {
    const disk = await smallDisk()
    if (disk === undefined) return ctx.skip()
    const s = await startStack({
      gate: (dir) => {
        writeFileSync(join(dir, 'workspace-only.yaml'), POLICY)
        return { audit: { dir: join(disk, 'approved') }, policies: [join(dir, 'workspace-only.yaml')] }
      },
    })
    try {
      const port = Number(new URL(s.gate.url).port)
      const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
      const requests: Record<string, string> = {
        denial: post('/v1/tools/fs.read', auth, '{"path":"/etc/passwd"}'),
        'unknown tool': post('/v1/tools/nope.nothing', auth, '{}'),
        'duplicate key': post('/v1/tools/fs.read', auth, '{"path":"/workspace/a","path":"/etc/passwd"}'),
        unauthenticated: post('/v1/tools/fs.read', { 'content-type': 'application/json' }, '{"path":"/workspace/a"}'),
        allowed: post('/v1/tools/fs.read', auth, '{"path":"/workspace/a"}'),
        'malformed HTTP': 'POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n',
      }
      fillDisk(disk)
      const shown: Shown = { ids: new Map(), unavailable: new Set() }
      // Several rounds: the first records may still fit in the last page of the segment.
      for (let round = 0; round < 20; round++) await answers(port, requests, shown)
      const held = new Set((await readRecords(join(disk, 'approved'))).filter((r) => r.type === 'decision').map((r) => r.decisionId))
      expect(orphans(shown, held)).toEqual([])
      // Once the disk is full, every kind of answer is a 503 that names no decision.
      expect([...shown.unavailable].sort()).toEqual(Object.keys(requests).sort())
      for (const r of s.ran) expect(held.has(r.decisionId)).toBe(true)
    } finally {
      await s.close().catch((e: unknown) => expect(e).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' }))
    }
  })

  it('the gate over MCP: a denied tools/call answers with no decision id that its log does not hold', async (ctx) => {
    const disk = await smallDisk()
    if (disk === undefined) return ctx.skip()
    const ev = await startEverything()
    const s = await startMcpStack({
      server: 'everything', executor: { mcp: { http: ev.url } }, gate: () => ({ audit: { dir: join(disk, 'approved') } }),
      policy: 'rules:\n  - { id: echo, effect: allow, agents: [coder], tools: ["mcp:everything/tools/call/echo"] }\n',
    })
    try {
      const { transport } = await s.connect()
      fillDisk(disk)
      const headers = { authorization: `Bearer ${MCP_TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': transport.sessionId ?? '', 'mcp-protocol-version': '2025-11-25' }
      const shown: string[] = []
      let unavailable = 0
      for (let i = 0; i < 40; i++) {
        const res = await fetch(s.endpoint, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 100 + i, method: 'tools/call', params: { name: 'printEnv', arguments: {} } }) })
        const r: RawResponse = { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }
        shown.push(...idsOf(r))
        if (r.status === 503 && r.body.includes('ERR_AUDIT_UNAVAILABLE') && idsOf(r).length === 0) unavailable++
      }
      expect(unavailable).toBeGreaterThan(0)
      const held = new Set((await readRecords(join(disk, 'approved'))).filter((r) => r.type === 'decision').map((r) => r.decisionId))
      expect(shown.filter((id) => !held.has(id))).toEqual([])
    } finally {
      await s.close().catch((e: unknown) => expect(e).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' }))
      await ev.stop()
    }
  })

  it('the guard: its refusals answer with no decision id that its executed log does not hold, and only what it holds ran', async (ctx) => {
    const g = await guardOnSmallDisk()
    if (g === undefined) return ctx.skip()
    const { disk, executed, s } = g
    let lastOk = ''
    try {
      const port = s.guard.port
      const call = (body: string): { path: string; headers: Record<string, string>; body: string } => signedCall(s.gateKey, 'fs.write', body)
      fillDisk(disk)
      const shown: Shown = { ids: new Map(), unavailable: new Set() }
      for (let round = 0; round < 20; round++) {
        const ok = call(`{"n":${round}}`)
        lastOk = post(ok.path, ok.headers, ok.body)
        const forged = call(`{"forged":${round}}`)
        const tampered = call(`{"tampered":${round}}`)
        const requests: Record<string, string> = {
          // A signature that does not verify (step 6): its decision parsed, so it is logged.
          'bad signature': post(forged.path, { ...forged.headers, signature: `verbatim=:${Buffer.alloc(64).toString('base64')}:` }, forged.body),
          // Signed, but another body (step 7).
          'digest mismatch': post(tampered.path, tampered.headers, `{"tampered":${round + 1000}}`),
          // A good call, whose execution record cannot be written.
          accepted: post(ok.path, ok.headers, ok.body),
        }
        await answers(port, requests, shown)
      }
      expect([...shown.unavailable].sort()).toEqual(['accepted', 'bad signature', 'digest mismatch'])
      const records = await readRecords(executed)
      expect(orphans(shown, new Set(records.map((r) => r.decisionId)))).toEqual([])
      // Only a call whose execution record is durable ran; the rest were refused (503, no decision id).
      const accepted = new Set(records.filter((r) => r.type === 'execution').map((r) => r.decisionId))
      expect(s.ran.length).toBeLessThan(20)
      for (const r of s.ran) expect(accepted.has(r.decisionId)).toBe(true)
    } finally {
      await s.close().catch((e: unknown) => expect(e).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' }))
    }
    // Two failures at once: the disk is freed, the guard restarts on that log (whose last run could
    // not write its stop), and the last call it refused 503 is replayed: still refused, never run.
    await rm(join(disk, 'filler'))
    const executor = await startRecordingExecutor()
    const again = await startGuard(checkGuardConfig({
      listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(s.dir, 'gate-jwks.json') }, audit: { dir: executed }, executor: { http: executor.url },
    }), { log: () => undefined })
    try {
      const { out } = await rawExchange(again.port, lastOk, (o) => parseResponses(o).length === 1)
      expect(parseResponses(out)[0]?.status).toBe(401)
      expect(parseResponses(out)[0]?.body).toContain('ERR_GUARD_BEFORE_START')
      expect(executor.ran).toEqual([])
    } finally {
      await again.close()
      executor.close()
    }
  })

  it('the guard takes its log up again once the disk has room; after a clean stop and a restart, a call it refused 503 while full is still refused', async (ctx) => {
    const g = await guardOnSmallDisk()
    if (g === undefined) return ctx.skip()
    const { disk, executed, s } = g
    const port = s.guard.port
    const send = async (n: number): Promise<{ bytes: string; status: number; body: string }> => {
      const c = signedCall(s.gateKey, 'fs.write', `{"n":${n}}`)
      const bytes = post(c.path, c.headers, c.body)
      const { out } = await rawExchange(port, bytes, (o) => parseResponses(o).length === 1)
      const r = parseResponses(out)[0] as RawResponse
      return { bytes, status: r.status, body: r.body }
    }
    let refused = ''
    try {
      fillDisk(disk)
      for (let i = 0; i < 40 && refused === ''; i++) {
        const r = await send(i)
        if (r.status === 503 && r.body.includes('ERR_AUDIT_UNAVAILABLE')) refused = r.bytes
      }
      expect(refused).not.toBe('')
      expect((await fetch(`${s.guard.url}/healthz`)).status).toBe(200)
      await rm(join(disk, 'filler'))
      // It looks for room about once a second: bounded by tries, not by time.
      let ready = 0
      for (let i = 0; i < 300 && ready !== 200; i++) {
        ready = (await fetch(`${s.guard.url}/readyz`)).status
        if (ready !== 200) await new Promise((r) => setTimeout(r, 50))
      }
      expect(ready).toBe(200)
      expect((await send(1000)).status).toBe(200)
    } finally {
      await s.close()
    }
    const records = await readRecords(executed)
    expect(records.some((r) => r.type === 'recovery' && r['resumed'] === true)).toBe(true)
    expect([records.at(-2)?.type, records.at(-1)?.type]).toEqual(['stop', 'checkpoint'])
    // The run stopped cleanly, but its log failed and came back: it cannot vouch for the refusal it
    // could not record, so the restart rule holds the refused call off; it never runs.
    const executor = await startRecordingExecutor()
    const again = await startGuard(checkGuardConfig({
      listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(s.dir, 'gate-jwks.json') }, audit: { dir: executed }, executor: { http: executor.url },
    }), { log: () => undefined })
    try {
      const { out } = await rawExchange(again.port, refused, (o) => parseResponses(o).length === 1)
      expect([parseResponses(out)[0]?.status, parseResponses(out)[0]?.body.includes('ERR_GUARD_BEFORE_START')]).toEqual([401, true])
      expect(executor.ran).toEqual([])
    } finally {
      await again.close()
      executor.close()
    }
  })
})
