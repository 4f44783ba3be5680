/**
 * An MCP chain on real sockets: the official SDK client → the gate (/mcp/{server}) → the standalone
 * guard (MCP mode) → a stock MCP server (server-everything over Streamable HTTP, or a stdio server
 * as a child of the guard). Both logs are there to assert on.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { freePort } from './ports.js'
import { readRecords } from '../../src/audit/index.js'
import type { AuditRecord } from '../../src/audit/index.js'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import type { ConfigInput } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import type { GateHandle } from '../../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardConfigInput, GuardHandle } from '../../src/guard/index.js'
import { earlierRun } from './guard-log.js'

export const ROOT = new URL('../..', import.meta.url).pathname
export const MCP_TOKEN = 'mcp-token-0123456789abcdef'
export { freePort }

export const OTHER_TOKEN = 'mcp-other-0123456789abcdef'

/** server-everything in its Streamable HTTP mode, on a free loopback port; resolves when it listens. */
export async function startEverything(): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort()
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  await new Promise<void>((resolve, reject) => {
    let out = ''
    const on = (d: Buffer): void => {
      out += d.toString()
      if (/listening on port/i.test(out)) resolve()
    }
    child.stdout?.on('data', on)
    child.stderr?.on('data', on)
    child.once('exit', (code) => reject(new Error(`server-everything exited (${code}): ${out}`)))
  })
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    child,
    stop: () => new Promise<void>((r) => {
      if (child.exitCode !== null) return r()
      child.once('exit', () => r())
      child.kill('SIGKILL')
    }),
  }
}

/** `bin/verbatim guard --mcp` in front of the executor (`--executor URL`, or `-- CMD…` for stdio), on a free port; resolves once it listens. */
async function startCliGuard(executor: GuardConfigInput['executor'], flags: string[]): Promise<Pick<GuardHandle, 'url' | 'port' | 'close'>> {
  const mcp = 'mcp' in executor ? executor.mcp : undefined
  if (mcp === undefined) throw new Error('a CLI guard of the MCP stack needs an mcp executor')
  const target = 'http' in mcp ? ['--executor', mcp.http] : ['--', ...mcp.command]
  const child = spawn(join(ROOT, 'bin/verbatim'), ['guard', ...flags, '--mcp', ...target], { stdio: ['ignore', 'pipe', 'pipe'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const on = (d: Buffer): void => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m?.[1] !== undefined) resolve(m[1])
    }
    child.stdout.on('data', on)
    child.stderr.on('data', on)
    child.once('exit', (code) => reject(new Error(`verbatim guard exited (${code}): ${out}`)))
  })
  return {
    url, port: Number(new URL(url).port),
    close: () => new Promise<void>((r) => {
      if (child.exitCode !== null) return r()
      child.once('exit', () => r())
      child.kill('SIGTERM')
    }),
  }
}

/** The official SDK client, connected to an MCP endpoint of the gate as `token`'s agent (sampling, elicitation and roots declared). */
export async function connectSdk(endpoint: URL, token: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'verbatim-test', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: {}, roots: {} } })
  const transport = new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { authorization: `Bearer ${token}` } } })
  await client.connect(transport)
  return { client, transport }
}

export interface McpStack {
  dir: string
  /** The gate now (restartGate replaces it). */
  readonly gate: GateHandle
  guard: Pick<GuardHandle, 'url' | 'port' | 'close'>
  gateLog: string[]
  endpoint: URL
  connect(token?: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }>
  /** Stops the gate (gracefully) and starts it again with the same config on the same port, as a restart does. */
  restartGate(): Promise<void>
  approved(): Promise<AuditRecord[]>
  executed(): Promise<AuditRecord[]>
  close(): Promise<void>
}

export async function startMcpStack(o: {
  server: string
  executor: GuardConfigInput['executor']
  policy: string
  gate?: (dir: string) => Partial<ConfigInput>
  mcp?: Record<string, unknown>
  /** Puts something on the gate → guard hop (a recording middlebox): given the guard's URL, returns the one the gate uses. */
  via?: (guardUrl: string) => Promise<string>
  /** The gate's mcp.sessions settings (caps, idle expiry). */
  sessions?: Record<string, unknown>
  /** More of guard.yaml (e.g. paths:), over the fields the stack sets. */
  guard?: Partial<GuardConfigInput>
  /** Run the guard as a deployment does, `bin/verbatim guard --mcp`, a process of its own (`guard` then does not apply). */
  cli?: true
}): Promise<McpStack> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-mcp-'))
  const gateKey = await generateKeyPair()
  const gk = await writeKeyFiles(join(dir, 'gate-keys'), gateKey)
  const guardKey = await generateKeyPair()
  const uk = await writeKeyFiles(join(dir, 'guard-keys'), guardKey)
  await writeFile(join(dir, 'policy.yaml'), o.policy)
  await earlierRun(join(dir, 'executed'), `${o.server}-1`)
  const guard = o.cli === true
    ? await startCliGuard(o.executor, ['--audience', `${o.server}-1`, '--jwks-file', gk.jwksPath, '--key-file', uk.privatePath, '--audit-dir', join(dir, 'executed'), '--port', '0'])
    : await startGuard(checkGuardConfig({
      listen: { port: 0 }, audience: `${o.server}-1`, keys: { jwksFile: gk.jwksPath }, audit: { dir: join(dir, 'executed') },
      signing: { keyFile: uk.privatePath }, executor: o.executor, ...o.guard,
    }), { log: () => undefined })
  const gateLog: string[] = []
  const upstreamUrl = o.via === undefined ? guard.url : await o.via(guard.url)
  const config = ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [join(dir, 'policy.yaml')],
    agents: [{ id: 'coder', token: { env: 'MCP_TOKEN' } }, { id: 'other', token: { env: 'OTHER_TOKEN' } }],
    upstreams: [{ name: 'guarded', url: upstreamUrl, audience: `${o.server}-1`, receipts: { jwksFile: uk.jwksPath } }],
    mcp: { servers: [{ name: o.server, upstream: 'guarded', ...o.mcp }], ...(o.sessions === undefined ? {} : { sessions: o.sessions }) },
    signing: { keyFile: gk.privatePath },
    audit: { dir: join(dir, 'approved') },
    probe: { intervalMs: 0 },
    ...o.gate?.(dir),
  })
  const g = await gateWithClients(config, gateLog, `/mcp/${o.server}`)
  return {
    dir, guard, gateLog, endpoint: g.endpoint,
    get gate() {
      return g.gate
    },
    restartGate: g.restartGate,
    connect: g.connect,
    approved: () => readRecords(join(dir, 'approved')),
    executed: () => readRecords(join(dir, 'executed')),
    async close() {
      // Both stop even when one fails to (a log on a full disk); then the first failure is raised.
      const failed = await g.close()
      await guard.close().catch((e: unknown) => failed.push(e))
      if (failed.length > 0) throw failed[0]
    },
  }
}

/** A gate on a port it keeps across restarts, its MCP endpoint at `path`, and the SDK clients connected to it. */
export async function gateWithClients(config: Parameters<typeof startGate>[0], gateLog: string[], path: string): Promise<{
  readonly gate: GateHandle
  endpoint: URL
  restartGate(): Promise<void>
  connect(token?: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }>
  /** Closes the clients, then the gate; resolves with the gate's failure, if any. */
  close(): Promise<unknown[]>
}> {
  const launch = (port: number): Promise<GateHandle> => startGate({ ...config, listen: { ...config.listen, port } }, { env: { MCP_TOKEN, OTHER_TOKEN }, log: (l) => gateLog.push(l) })
  let gate = await launch(0)
  const endpoint = new URL(`${gate.url}${path}`)
  const clients: Client[] = []
  return {
    get gate() {
      return gate
    },
    endpoint,
    async restartGate() {
      await gate.close()
      gate = await launch(gate.port)
    },
    async connect(token = MCP_TOKEN) {
      const c = await connectSdk(endpoint, token)
      clients.push(c.client)
      return c
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)))
      const failed: unknown[] = []
      await gate.close().catch((e: unknown) => failed.push(e))
      return failed
    },
  }
}
