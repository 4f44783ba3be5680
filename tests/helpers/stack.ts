/**
 * A whole chain on real sockets in this process: the gate (startGate), an optional middlebox, the
 * standalone guard (startGuard) and a recording executor. What the executor ran, and both logs,
 * are there to assert on.
 */
import { createServer, request } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRecords } from '../../src/audit/index.js'
import type { AuditRecord } from '../../src/audit/index.js'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import type { SigningKey } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import type { Config, ConfigInput } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import type { GateHandle } from '../../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardConfigInput, GuardHandle } from '../../src/guard/index.js'
import { earlierRun } from './guard-log.js'

export const TOKEN = 'stack-token-0123456789abcdef'
export const POLICY = 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: ["*"] }\n'

export interface Ran {
  path: string
  body: string
  decisionId: string
  traceparent?: string
}

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** Rewrites what passes between gate and guard: the request on the way in, the answer on the way out. */
export interface Middlebox {
  answer?: (a: Answer, req: { path: string; body: Buffer }) => Promise<Answer> | Answer
}

export interface Stack {
  dir: string
  gate: GateHandle
  /** The gate's config, to start it again (a restart). */
  config: Config
  guard: GuardHandle
  guardKey: SigningKey
  gateKey: SigningKey
  ran: Ran[]
  /** Answers the calls held by {"hold": true}, oldest first; returns how many. */
  release(): number
  gateLog: string[]
  callLines: Array<Record<string, unknown>>
  call(tool: string, body: string, headers?: Record<string, string>, signal?: AbortSignal): Promise<Response>
  approved(): Promise<AuditRecord[]>
  executed(): Promise<AuditRecord[]>
  close(): Promise<void>
}

function listenOn(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)))
}

function relayTo(target: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const h = { ...headers }
    delete h.host
    delete h.connection
    const r = request(target + path, { method: 'POST', headers: h }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (d: Buffer) => chunks.push(d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    r.on('error', reject)
    r.end(body)
  })
}

export async function startStack(o: {
  middlebox?: Middlebox
  receipts?: boolean
  gate?: (dir: string) => Partial<ConfigInput>
  /** Settings of the gate's one upstream (timeouts, circuit), merged into its entry. */
  upstream?: Partial<ConfigInput['upstreams'][number]>
  guard?: Partial<GuardConfigInput>
  /** Default true: the executed log holds an earlier run, so the guard accepts fresh calls at once. */
  warmLog?: boolean
} = {}): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-stack-'))
  const ran: Ran[] = []
  const held: Array<() => void> = []
  const executor = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      const tp = req.headers.traceparent
      ran.push({ path: req.url ?? '', body, decisionId: String(req.headers['verbatim-decision-id']), ...(typeof tp === 'string' ? { traceparent: tp } : {}) })
      // A call whose arguments say {"hold": true} waits until the test releases it.
      if (body.includes('"hold":true')) {
        held.push(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ran: JSON.parse(body) as unknown })))
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ran: JSON.parse(body) as unknown }))
    })
  })
  const executorUrl = await listenOn(executor)

  const gateKey = await generateKeyPair()
  const { privatePath } = await writeKeyFiles(join(dir, 'gate-keys'), gateKey)
  await writeFile(join(dir, 'gate-jwks.json'), JSON.stringify(jwks([gateKey])))
  const guardKey = await generateKeyPair()
  const guardKeyFiles = await writeKeyFiles(join(dir, 'guard-keys'), guardKey)
  await writeFile(join(dir, 'guard-jwks.json'), JSON.stringify(jwks([guardKey])))
  await writeFile(join(dir, 'policy.yaml'), POLICY)

  if (o.warmLog !== false) await earlierRun(join(dir, 'executed'), 'sandbox-1')
  const guard = await startGuard(checkGuardConfig({
    listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'gate-jwks.json') }, audit: { dir: join(dir, 'executed') },
    signing: { keyFile: guardKeyFiles.privatePath }, executor: { http: executorUrl }, ...o.guard,
  }), { log: () => undefined })

  let upstreamUrl = guard.url
  let mb: Server | undefined
  if (o.middlebox !== undefined) {
    const box = o.middlebox
    mb = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (d: Buffer) => chunks.push(d))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        const path = req.url ?? '/'
        void relayTo(guard.url, path, req.headers, body)
          .then((a) => (box.answer !== undefined && !path.endsWith('/verbatim.probe') ? box.answer(a, { path, body }) : a))
          .then((a) => {
            const out: Record<string, string> = {}
            for (const k of ['content-type', 'verbatim-receipt']) if (typeof a.headers[k] === 'string') out[k] = a.headers[k] as string
            res.writeHead(a.status, out).end(a.body)
          }, () => res.writeHead(502).end())
      })
    })
    upstreamUrl = await listenOn(mb)
  }

  const gateLog: string[] = []
  const config = ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [join(dir, 'policy.yaml')],
    agents: [{ id: 'coder', token: { env: 'STACK_TOKEN' } }],
    upstreams: [{ name: 'sandbox', url: upstreamUrl, audience: 'sandbox-1', ...(o.receipts === false ? {} : { receipts: { jwksFile: join(dir, 'guard-jwks.json') } }), ...o.upstream }],
    routes: [{ tools: ['*'], upstream: 'sandbox' }],
    signing: { keyFile: privatePath },
    audit: { dir: join(dir, 'approved') },
    probe: { intervalMs: 0 },
    ...o.gate?.(dir),
  })
  const callLines: Array<Record<string, unknown>> = []
  const gate = await startGate(config, { env: { STACK_TOKEN: TOKEN }, log: (l) => gateLog.push(l), callLog: (c) => callLines.push({ ...c }) })

  return {
    dir, gate, config, guard, guardKey, gateKey, ran, gateLog, callLines,
    release: () => {
      const n = held.length
      for (const f of held.splice(0)) f()
      return n
    },
    call: (tool, body, headers = {}, signal) =>
      fetch(`${gate.url}/v1/tools/${tool}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers }, body, ...(signal === undefined ? {} : { signal }) }),
    approved: () => readRecords(join(dir, 'approved')),
    executed: () => readRecords(join(dir, 'executed')),
    /** Stops everything, even when a part fails to stop (a log on a full disk); then rejects with the first failure. */
    async close() {
      const failed: unknown[] = []
      await gate.close().catch((e: unknown) => failed.push(e))
      mb?.closeAllConnections()
      mb?.close()
      await guard.close().catch((e: unknown) => failed.push(e))
      executor.closeAllConnections()
      executor.close()
      if (failed.length > 0) throw failed[0]
    },
  }
}
