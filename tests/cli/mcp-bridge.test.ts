/**
 * `verbatim mcp-bridge` refused by the gate (issue 18 item 4): a wrong token or server name stops
 * the bridge with exit 1 and one readable line on stderr, and the client gets a JSON-RPC error in
 * the gate's words with its problem as data, not -32603 with escaped JSON for a message.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import type { GateHandle } from '../../src/gate/index.js'
import { BIN } from '../e2e/procs.js'

const TOKEN = 'bridge-token-0123456789abcdef'
const INIT = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`

let dir = ''
let gate: GateHandle

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-bridge-'))
  const { privatePath } = await writeKeyFiles(join(dir, 'keys'), await generateKeyPair())
  await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: r, effect: allow, agents: [coder], tools: ["mcp:fs/tools/call/*"] }\n')
  // Nothing listens behind the upstream: authentication and the server name are decided before it.
  gate = await startGate(ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [join(dir, 'p.yaml')],
    agents: [{ id: 'coder', token: { env: 'BRIDGE_TOKEN' } }],
    upstreams: [{ name: 'fs-guard', url: 'http://127.0.0.1:9', audience: 'fs-1', guarded: false }],
    mcp: { servers: [{ name: 'fs', upstream: 'fs-guard' }] },
    signing: { keyFile: privatePath },
    audit: { dir: join(dir, 'audit') },
    probe: { intervalMs: 0 },
  }), { env: { BRIDGE_TOKEN: TOKEN }, log: () => undefined })
})
afterAll(async () => {
  await gate?.close()
  await rm(dir, { recursive: true, force: true })
})

/** Runs the bridge with stdin held open after `input`: it must end by itself. */
function bridge(args: string[], token: string, input: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'mcp-bridge', '--gate', gate.url, ...args], { env: { PATH: process.env.PATH ?? '', VERBATIM_TOKEN: token }, stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdin.write(input)
    child.on('exit', (code) => resolve({ code, out, err }))
  })
}

describe('mcp-bridge refused by the gate', () => {
  it('a wrong token: exit 1, one readable line, and a JSON-RPC error in the gate\'s words', async () => {
    // Before: exit 0 only when the client closed stdin, and {"code":-32603,"message":"verbatim gate: Streamable HTTP error: Error POSTing to endpoint: {\"type\":…}"}.
    const r = await bridge(['--server', 'fs'], 'wrong-wrong-wrong-wrong-wrong', INIT)
    expect(r.code).toBe(1)
    expect(r.err).toBe("verbatim mcp-bridge: the gate refused initialize: 401 ERR_INTAKE_UNAUTHENTICATED: the bearer token matches no agent; check the agent's token (VERBATIM_TOKEN, or the variable --token-env names); the bridge stops\n")
    const answer = JSON.parse(r.out.trim()) as { id: number; error: { code: number; message: string; data: { code: string; status: number } } }
    expect(answer.id).toBe(1)
    expect(answer.error.code).toBe(-31400)
    expect(answer.error.message).toBe('verbatim gate: the bearer token matches no agent')
    expect(answer.error.data).toMatchObject({ code: 'ERR_INTAKE_UNAUTHENTICATED', status: 401 })
  })

  it('a server the gate does not serve: exit 1, and says which flag names it', async () => {
    const r = await bridge(['--server', 'nope'], TOKEN, INIT)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^verbatim mcp-bridge: the gate refused initialize: 404 ERR_GATE_NOT_FOUND: .*; no MCP server of that name at this gate \(--server, mcp.servers\[\]\.name\); the bridge stops\n$/)
  })
})
