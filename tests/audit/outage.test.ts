/**
 * The runbook's reconcile after an outage, on real processes and sockets, for both topologies
 * (docs/operations.md, "Runbook: every executor dies at once"):
 * - the executor dies alone behind a live guard: the guard accepts and records each call, the
 *   executor cannot be reached, the agent gets 502 ERR_GUARD_EXECUTOR_UNAVAILABLE: executor-failed;
 * - the guard dies with its executor (one process, SIGKILL) while a call runs: no receipt, and the
 *   agent gets 502: retry-risk; calls sent while it is down never reach a guard: not-delivered.
 * Also: a call that ran while the gate told its agent 504 (retry-risk), and a call the guard refused
 * (refused-by-guard, never a violation). Every reconcile is run at stop, ten minutes after every
 * binding expired, and a day later: the same logs give the same output and exit status. The runbook's
 * two transcripts are held to what these runs print.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRecords } from '../../src/audit/index.js'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import { ROOT, start } from '../e2e/procs.js'
import { runCli } from '../helpers/cli.js'
import { earlierRun } from '../helpers/guard-log.js'
import { freePort } from '../helpers/ports.js'
import { startStack } from '../helpers/stack.js'

const TOKEN = 'outage-token-0123456789abcdef'
const DAY = 86_400_000
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
/** Only a hung process hits it: each test starts real processes and sockets, which a loaded machine slows. */
const HUNG_MS = 600_000

/** Polls `check` up to `attempts` times (a bound on tries, not on time). */
async function until(what: string, check: () => boolean | Promise<boolean>, attempts = 2000): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return
    await sleep(10)
  }
  throw new Error(`never happened: ${what}`)
}

interface Reconciled { code: number; out: string }

/** Reconciles at stop, ten minutes after the last binding expired, and a day later: all three must agree. */
async function reconcileAtAnyTime(approved: string, executed: string, ...extra: string[]): Promise<Reconciled> {
  const last = Math.max(...(await readRecords(approved)).map((r) => (typeof r['expires'] === 'number' ? r['expires'] * 1000 : r.ts)))
  const runs = await Promise.all([Date.now(), last + 600_000, last + DAY].map((now) =>
    runCli(['audit', 'reconcile', '--approved', approved, '--executed', executed, '--now', new Date(now).toISOString(), ...extra])))
  for (const r of runs) expect({ code: r.code, out: r.out }).toEqual({ code: runs[0]?.code, out: runs[0]?.out })
  return { code: runs[0]?.code ?? -1, out: runs[0]?.out ?? '' }
}

const count = (out: string, cls: string): number => Number(new RegExp(`^${cls} +(\\d+)$`, 'm').exec(out)?.[1])

/** The runbook's transcript for a topology (a fenced block, indented in its list item), without the indent. */
async function runbookBlock(name: string): Promise<string> {
  const doc = await readFile(join(ROOT, 'docs/operations.md'), 'utf8')
  const m = new RegExp(`<!-- doc-test: none \\(output of tests/audit/outage.test.ts, ${name}[^\\n]*\\n( *)\`\`\`\\n([\\s\\S]*?)\\n\\1\`\`\``).exec(doc)
  if (m === null) throw new Error(`docs/operations.md has no transcript for ${name}`)
  const indent = m[1] as string
  return `${(m[2] as string).split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n')}\n`
}

function normalise(text: string, approved: string, executed: string): string {
  return text
    .replaceAll(approved, 'GATE_LOG').replaceAll(executed, 'GUARD_LOG')
    .replaceAll('/var/lib/verbatim/audit', 'GATE_LOG').replaceAll('/path/to/guard/audit', 'GUARD_LOG')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
    .replace(/seq \d+/g, 'seq N').replace(/\d+ records/g, 'N records').replace(/refused as they must be: \d+/, 'refused as they must be: N')
    .replace(/ +\[/g, ' [')
}

describe('reconcile after an outage, both topologies, the same at any time', () => {
  it('the executor dies alone behind a live guard: every call the guard accepted after is executor-failed, and reconcile exits 3', async () => {
    // An executor of its own, so the test can stop it while the guard in front of it runs on.
    const executor = createServer((req, res) => {
      req.resume()
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'))
    })
    await new Promise<void>((r) => executor.listen(0, '127.0.0.1', r))
    const s = await startStack({ guard: { executor: { http: `http://127.0.0.1:${(executor.address() as AddressInfo).port}` } } })
    const codes: string[] = []
    try {
      expect((await s.call('fs.read', '{"path":"/a"}')).status).toBe(200)
      executor.closeAllConnections()
      await new Promise<void>((r) => executor.close(() => r()))
      for (let i = 0; i < 3; i++) {
        const res = await s.call('fs.read', `{"path":"/b${i}"}`)
        codes.push(`${res.status} ${(await res.json() as { code: string }).code}`)
      }
    } finally {
      await s.close()
    }
    expect(codes).toEqual(Array(3).fill('502 ERR_GUARD_EXECUTOR_UNAVAILABLE'))
    const approved = join(s.dir, 'approved')
    const executed = join(s.dir, 'executed')
    const r = await reconcileAtAnyTime(approved, executed)
    expect([count(r.out, 'ok'), count(r.out, 'executor-failed'), r.code], r.out).toEqual([1, 3, 3])
    expect(r.out).toContain('executor (accepted calls, from receipts): 1 succeeded, 0 answered 4xx, 3 failed, 0 without a recorded answer')
    expect(r.out).toMatch(/^ATTENTION: .*3 approved call\(s\) to account for: 3 executor-failed$/m)
    expect(normalise(r.out, approved, executed)).toBe(normalise(await runbookBlock('the executor dies alone'), approved, executed))
  }, HUNG_MS)

  it('the guard dies with its executor mid-call: retry-risk for the call it had accepted, not-delivered for the calls after, exit 3', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-outage-'))
    const gateKey = await generateKeyPair()
    const { privatePath, jwksPath } = await writeKeyFiles(join(dir, 'gate-keys'), gateKey)
    await writeFile(join(dir, 'policy.yaml'), 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: [fs.list, shell.exec] }\n')
    const approved = join(dir, 'approved')
    const executed = join(dir, 'executed')
    await earlierRun(executed, 'sandbox-1')
    const port = await freePort()
    // examples/executor: the guard in the executor's own process, as the mass-failure scenario runs it.
    const executor = start('node', [`${ROOT}dist/examples/executor/main.js`, '--workspace', join(dir, 'ws'), '--audience', 'sandbox-1', '--jwks-file', jwksPath, '--audit-dir', executed, '--key-dir', join(dir, 'exec-key'), '--port', String(port)])
    await executor.waitFor(/"url":"http/, HUNG_MS)
    const gate = await startGate(ConfigSchema.parse({
      listen: { host: '127.0.0.1', port: 0 }, policies: [join(dir, 'policy.yaml')], agents: [{ id: 'coder', token: { env: 'OUTAGE_TOKEN' } }],
      upstreams: [{ name: 'sandbox', url: `http://127.0.0.1:${port}`, audience: 'sandbox-1', receipts: { jwksFile: join(dir, 'exec-key', 'jwks.json') } }],
      routes: [{ tools: ['*'], upstream: 'sandbox' }], signing: { keyFile: privatePath }, audit: { dir: approved }, probe: { intervalMs: 0 },
    }), { env: { OUTAGE_TOKEN: TOKEN }, log: () => undefined })
    const call = (tool: string, body: string): Promise<Response> =>
      fetch(`${gate.url}/v1/tools/${tool}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body })
    const got: string[] = []
    const pid = executor.child.pid as number
    const children = async (): Promise<number[]> => (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(/\s+/).filter((x) => x !== '').map(Number)
    let tool: number[] = []
    try {
      await until('the gate finds its upstream guarded', async () => (await fetch(`${gate.url}/readyz`)).status === 200)
      expect((await call('fs.list', '{"path":"/workspace"}')).status).toBe(200)
      // A call that runs until the process dies: the execution record is durable before the tool starts.
      const running = call('shell.exec', '{"argv":["sleep","120"],"timeoutMs":120000}')
      await until('the tool runs', async () => (tool = await children()).length > 0)
      executor.child.kill('SIGKILL')
      await executor.stop()
      const res = await running
      got.push(`${res.status} ${(await res.json() as { code: string }).code}`)
      for (let i = 0; i < 2; i++) {
        const r = await call('fs.list', '{"path":"/workspace"}')
        got.push(`${r.status} ${(await r.json() as { code: string }).code}`)
      }
    } finally {
      for (const p of tool) process.kill(p, 'SIGKILL')
      await executor.stop()
      await gate.close()
    }
    expect(got).toEqual(Array(3).fill('502 ERR_GATE_UPSTREAM_UNAVAILABLE'))
    const r = await reconcileAtAnyTime(approved, executed)
    expect([count(r.out, 'ok'), count(r.out, 'retry-risk'), count(r.out, 'not-delivered'), r.code], r.out).toEqual([1, 1, 2, 3])
    expect(r.out).toMatch(/^ {2}retry-risk +\S+ +\[.*\] +accepted, and no receipt: it may have run, but its agent got 502 ERR_GATE_UPSTREAM_UNAVAILABLE; the agent may run it again$/m)
    expect(normalise(r.out, approved, executed)).toBe(normalise(await runbookBlock('the guard dies with its executor'), approved, executed))
  }, HUNG_MS)

  it('a call that ran to success while the gate told its agent 504 is retry-risk', async () => {
    const s = await startStack({ upstream: { timeoutMs: 300 } })
    let status = 0
    try {
      // The executor holds the call until released: the gate's 300 ms deadline passes first, whatever the load.
      const res = await s.call('t.run', '{"hold":true}')
      status = res.status
      await res.arrayBuffer()
      expect(s.release()).toBe(1)
      await until('the guard records the receipt', async () => (await s.executed()).some((r) => r.type === 'receipt'))
    } finally {
      await s.close()
    }
    expect(status).toBe(504)
    const r = await reconcileAtAnyTime(join(s.dir, 'approved'), join(s.dir, 'executed'))
    expect([count(r.out, 'ok'), count(r.out, 'retry-risk'), r.code], r.out).toEqual([0, 1, 3])
    expect(r.out).toMatch(/ran: the executor answered 200, but its agent got 504 ERR_GATE_UPSTREAM_TIMEOUT; the agent may run it again$/m)
  }, HUNG_MS)

  it('a call the guard refused (its restart rule) is refused-by-guard: exit 0 at stop, ten minutes later and a day later', async () => {
    // A brand-new executed log and a memory store: the guard refuses bindings made within `skew` of its start.
    const s = await startStack({ warmLog: false, guard: { skewSeconds: 300 } })
    let answer = ''
    try {
      const res = await s.call('t.run', '{"n":1}')
      answer = `${res.status} ${(await res.json() as { code: string }).code}`
      await until('the guard records its refusal', async () => (await s.executed()).some((r) => r.type === 'refusal' && r['code'] === 'ERR_GUARD_BEFORE_START'))
    } finally {
      await s.close()
    }
    expect(answer).toBe('401 ERR_GUARD_BEFORE_START')
    const r = await reconcileAtAnyTime(join(s.dir, 'approved'), join(s.dir, 'executed'))
    expect([count(r.out, 'refused-by-guard'), count(r.out, 'approved-not-executed'), r.code], r.out).toEqual([1, 0, 0])
    expect(r.out).toContain('OK: everything executed was approved, exactly as approved')
  }, HUNG_MS)
})
