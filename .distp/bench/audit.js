/** @module bench/audit: records/s and fsyncs/s of the group-committed audit writer vs one fsync per record. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRecord, GENESIS_HASH, openAuditWriter } from '../src/audit/index.js';
import { gateAuditOnOff } from './gate-run.js';
const DURATION_MS = Number(process.env['BENCH_AUDIT_MS'] ?? 1500);
const CONCURRENCY = [1, 16, 128];
const { privateKey } = generateKeyPairSync('ed25519');
const signer = { kid: 'bench', privateKey };
const fields = {
    decisionId: '01J0000000000000000000000', agent: 'agent-1', tool: 'fs.read', method: 'POST', target: '/v1/tools/fs.read',
    policyDigest: 'p'.repeat(64), ruleIds: ['allow-read'], verdict: 'allow', digest: 'a'.repeat(64), keyid: 'gate-k1',
    nonce: 'n'.repeat(22), created: 1767225600, expires: 1767225660, audience: 'exec-1',
};
/** N appenders in a closed loop for DURATION_MS against `append`. */
async function drive(concurrency, append) {
    const t0 = performance.now();
    let records = 0;
    const worker = async () => {
        while (performance.now() - t0 < DURATION_MS) {
            await append();
            records++;
        }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { records, seconds: (performance.now() - t0) / 1000 };
}
async function groupCommit(dir, concurrency, delayMs) {
    const w = await openAuditWriter({ dir, process: 'gate', signer, groupCommitDelayMs: delayMs });
    const f0 = w.stats.fsyncs;
    const { records, seconds } = await drive(concurrency, () => w.append('decision', fields));
    const fsyncs = w.stats.fsyncs - f0;
    await w.close();
    return { mode: `group commit (delay ${delayMs} ms)`, concurrency, records, fsyncs, seconds, recordsPerSec: records / seconds, fsyncsPerSec: fsyncs / seconds };
}
/** Baseline: the same records, each written and fdatasync'd on its own, in arrival order. */
async function perRecord(dir, concurrency) {
    const fh = await open(join(dir, 'baseline.jsonl'), 'a');
    let seq = 0;
    let prev = GENESIS_HASH;
    let tail = Promise.resolve();
    let fsyncs = 0;
    const append = () => {
        const b = buildRecord(seq++, Date.now(), 'decision', prev, fields);
        prev = b.hash;
        tail = tail.then(async () => {
            await fh.write(b.line);
            await fh.datasync();
            fsyncs++;
        });
        return tail;
    };
    const { records, seconds } = await drive(concurrency, append);
    await fh.close();
    return { mode: 'one fsync per record', concurrency, records, fsyncs, seconds, recordsPerSec: records / seconds, fsyncsPerSec: fsyncs / seconds };
}
async function main() {
    // Not tmpfs: fsync must reach a real disk to mean anything. Override with BENCH_AUDIT_DIR.
    const base = process.env['BENCH_AUDIT_DIR'] ?? (process.platform === 'linux' ? '/var/tmp' : tmpdir());
    const rows = [];
    for (const c of CONCURRENCY) {
        for (const run of [(d) => perRecord(d, c), (d) => groupCommit(d, c, 0), (d) => groupCommit(d, c, 2)]) {
            const dir = mkdtempSync(join(base, 'verbatim-bench-audit-'));
            try {
                rows.push(await run(dir));
            }
            finally {
                rmSync(dir, { recursive: true, force: true });
            }
        }
    }
    console.log(`audit writer, ${DURATION_MS} ms per row, dir ${base}`);
    console.log('concurrency  mode                        records/s   fsyncs/s  records/fsync  vs baseline');
    for (const r of rows) {
        const baseline = rows.find((b) => b.concurrency === r.concurrency && b.mode === 'one fsync per record');
        console.log(`${String(r.concurrency).padStart(11)}  ${r.mode.padEnd(26)}  ${r.recordsPerSec.toFixed(0).padStart(9)}  ${r.fsyncsPerSec.toFixed(0).padStart(9)}  ${(r.records / Math.max(1, r.fsyncs)).toFixed(1).padStart(13)}  ${(r.recordsPerSec / baseline.recordsPerSec).toFixed(2).padStart(10)}x`);
    }
    const gate = await gateAuditOnOff();
    console.log(`gate throughput: audit on ${gate.on.toFixed(0)} req/s, off ${gate.off.toFixed(0)} req/s, cost ${((1 - gate.on / gate.off) * 100).toFixed(1)}% (goal < 15%)`);
}
await main();
//# sourceMappingURL=audit.js.map