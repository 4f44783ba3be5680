/**
 * A federated MCP chain on real sockets: the official SDK client → the gate's one endpoint /mcp
 * (mcp.federation) → one standalone guard per server (MCP mode, its own audience and key) → a stock
 * MCP server each. Every log is there to assert on: the gate's approved log, each guard's executed log.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { readRecords } from '../../src/audit/index.js'
import type { AuditRecord } from '../../src/audit/index.js'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import type { ConfigInput } from '../../src/config/index.js'
import type { GateHandle } from '../../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardConfigInput, GuardHandle } from '../../src/guard/index.js'
import { earlierRun } from './guard-log.js'
import { gateWithClients } from './mcp-stack.js'

export interface FederatedMember {
  name: string
  executor: GuardConfigInput['executor']
}

export interface FederatedStack {
  dir: string
  readonly gate: GateHandle
  /** Each server's guard, by server name (closeGuard stops one). */
  guards: Map<string, Pick<GuardHandle, 'url' | 'port' | 'close'>>
  gateLog: string[]
  /** The federated endpoint, /mcp. */
  endpoint: URL
  connect(token?: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }>
  restartGate(): Promise<void>
  approved(): Promise<AuditRecord[]>
  /** The executed log of one server's guard. */
  executed(server: string): Promise<AuditRecord[]>
  close(): Promise<void>
}

export async function startFederatedStack(o: {
  members: readonly FederatedMember[]
  policy: string
  /** mcp.federation (default {}: every server). */
  federation?: Record<string, unknown>
  /** The gate's mcp.sessions settings (a Redis store, caps). */
  sessions?: Record<string, unknown>
  gate?: (dir: string) => Partial<ConfigInput>
}): Promise<FederatedStack> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-fed-'))
  const gk = await writeKeyFiles(join(dir, 'gate-keys'), await generateKeyPair())
  await writeFile(join(dir, 'policy.yaml'), o.policy)
  const guards = new Map<string, GuardHandle>()
  const upstreams: Array<Record<string, unknown>> = []
  for (const m of o.members) {
    const uk = await writeKeyFiles(join(dir, `${m.name}-keys`), await generateKeyPair())
    await earlierRun(join(dir, `${m.name}-executed`), `${m.name}-1`)
    guards.set(m.name, await startGuard(checkGuardConfig({
      listen: { port: 0 }, audience: `${m.name}-1`, keys: { jwksFile: gk.jwksPath }, audit: { dir: join(dir, `${m.name}-executed`) },
      signing: { keyFile: uk.privatePath }, executor: m.executor,
    }), { log: () => undefined }))
    upstreams.push({ name: `${m.name}-guard`, url: guards.get(m.name)?.url, audience: `${m.name}-1`, receipts: { jwksFile: uk.jwksPath } })
  }
  const gateLog: string[] = []
  const config = ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [join(dir, 'policy.yaml')],
    agents: [{ id: 'coder', token: { env: 'MCP_TOKEN' } }, { id: 'other', token: { env: 'OTHER_TOKEN' } }],
    upstreams,
    mcp: {
      servers: o.members.map((m) => ({ name: m.name, upstream: `${m.name}-guard` })),
      federation: o.federation ?? {},
      ...(o.sessions === undefined ? {} : { sessions: o.sessions }),
    },
    signing: { keyFile: gk.privatePath },
    audit: { dir: join(dir, 'approved') },
    probe: { intervalMs: 0 },
    ...o.gate?.(dir),
  })
  const g = await gateWithClients(config, gateLog, '/mcp')
  return {
    dir, guards, gateLog, endpoint: g.endpoint,
    get gate() {
      return g.gate
    },
    restartGate: g.restartGate,
    connect: g.connect,
    approved: () => readRecords(join(dir, 'approved')),
    executed: (server) => readRecords(join(dir, `${server}-executed`)),
    async close() {
      const failed = await g.close()
      for (const guard of guards.values()) await guard.close().catch((e: unknown) => failed.push(e))
      if (failed.length > 0) throw failed[0]
    },
  }
}
