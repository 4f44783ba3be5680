/** @module bench/gate-run: one measured run of upstream-direct, gate with audit off, gate with audit on. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, writeKeyFiles } from '../src/binding/index.js';
import { forkChild } from './fixtures.js';
import { load } from './load.js';
function median(rs) {
    const sorted = [...rs].sort((a, b) => a.rps - b.rps);
    return sorted[Math.floor((sorted.length - 1) / 2)];
}
const TOKEN = 'bench-token-0123456789abcdef';
/** A realistic tool call: about 0.8 KiB of arguments. */
const BODY = new TextEncoder().encode(JSON.stringify({ path: '/workspace/src/main.ts', encoding: 'utf8', maxBytes: 65536, note: 'x'.repeat(700) }));
/** Audit logs go to BENCH_AUDIT_DIR, else /var/tmp (a real disk, so fdatasync means something). */
export async function runGateBench(opts) {
    const base = process.env['BENCH_AUDIT_DIR'] ?? (process.platform === 'linux' ? '/var/tmp' : tmpdir());
    const dir = await mkdtemp(join(base, 'verbatim-bench-gate-'));
    await writeFile(join(dir, 'policy.yaml'), 'rules:\n  - { id: read, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /path, pathUnder: /workspace }] }\n');
    const { privatePath } = await writeKeyFiles(join(dir, 'keys'), await generateKeyPair());
    process.env['BENCH_TOKEN'] = TOKEN;
    const upstream = await forkChild('upstream', []);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    const run = (url) => load(url, BODY, headers, opts.concurrency, opts.seconds);
    try {
        let direct;
        if (opts.direct) {
            const url = `http://127.0.0.1:${upstream.port}/v1/tools/fs.read`;
            await load(url, BODY, headers, opts.concurrency, 1); // warm-up
            direct = await run(url);
        }
        // Off and on alternate, round after round, and each reports its median round, so that a noisy
        // neighbour on a shared machine weighs on both sides alike.
        const runs = { on: [], off: [] };
        for (let round = 0; round < (opts.rounds ?? 1); round++) {
            for (const audit of ['off', 'on']) {
                const gate = await forkChild('gate-server', [String(upstream.port), join(dir, 'policy.yaml'), privatePath, join(dir, `audit-${audit}-${round}`), audit]);
                const url = `http://127.0.0.1:${gate.port}/v1/tools/fs.read`;
                await load(url, BODY, headers, opts.concurrency, 1);
                runs[audit].push(await run(url));
                await gate.stop();
            }
        }
        return { ...(direct ? { direct } : {}), off: median(runs.off), on: median(runs.on), rounds: runs };
    }
    finally {
        await upstream.stop();
        await rm(dir, { recursive: true, force: true });
    }
}
/** For bench:audit: gate req/s with the audit on and off. */
export async function gateAuditOnOff() {
    const r = await runGateBench({ seconds: 3, concurrency: 32, rounds: 3 });
    return { on: r.on.rps, off: r.off.rps };
}
//# sourceMappingURL=gate-run.js.map