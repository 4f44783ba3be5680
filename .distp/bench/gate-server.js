/** @module bench/gate-server: a gate in its own process for the benchmark: argv = upstreamPort, policyDir, keyFile, auditDir, audit on|off. */
import { ConfigSchema } from '../src/config/index.js';
import { startGate } from '../src/gate/index.js';
const [upstreamPort, policyDir, keyFile, auditDir, audit] = process.argv.slice(2);
const config = ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [policyDir],
    agents: [{ id: 'coder', token: { env: 'BENCH_TOKEN' } }],
    upstreams: [{ name: 'up', url: `http://127.0.0.1:${upstreamPort}`, audience: 'bench', guarded: false, maxConcurrent: 256, maxQueue: 4096 }],
    routes: [{ tools: ['*'], upstream: 'up' }],
    signing: { keyFile },
    audit: { dir: auditDir },
    probe: { intervalMs: 0 },
});
const gate = await startGate(config, { env: process.env, auditDisabled: audit === 'off', log: () => undefined });
process.send?.({ port: gate.port });
process.on('SIGTERM', () => void gate.close().then(() => process.exit(0)));
//# sourceMappingURL=gate-server.js.map