/**
 * @module bench/mcp-chain: the guard or the gate of bench:mcp, each in its own process, as deployed.
 * argv: `guard DIR SERVER_URL` (the guard in front of the server) or `gate DIR GUARD_URL` (the gate
 * in front of that guard). DIR holds the keys, the policy and both audit logs.
 */
import { join } from 'node:path'
import { ConfigSchema } from '../src/config/index.js'
import { startGate } from '../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../src/guard/index.js'

const [role, dir = '', url = ''] = process.argv.slice(2)
const handle = role === 'guard'
  ? await startGuard(checkGuardConfig({ listen: { port: 0 }, audience: 'ev-1', keys: { jwksFile: join(dir, 'gate/jwks.json') }, audit: { dir: join(dir, 'executed') }, signing: { keyFile: process.env['GUARD_KEY'] ?? '' }, executor: { mcp: { http: url } } }), { log: () => undefined })
  : await startGate(ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 }, policies: [join(dir, 'policy.yaml')], agents: [{ id: 'bench', token: { env: 'BENCH_TOKEN' } }],
    upstreams: [{ name: 'ev', url, audience: 'ev-1', receipts: { jwksFile: join(dir, 'guard/jwks.json') }, maxConcurrent: 256, maxQueue: 4096 }],
    mcp: { servers: [{ name: 'everything', upstream: 'ev' }] },
    signing: { keyFile: process.env['GATE_KEY'] ?? '' }, audit: { dir: join(dir, 'approved') }, probe: { intervalMs: 0 },
  }), { env: process.env, log: () => undefined })
process.send?.({ port: handle.port })
process.on('SIGTERM', () => void handle.close().then(() => process.exit(0)))
