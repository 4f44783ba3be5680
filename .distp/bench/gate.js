/**
 * @module bench/gate: requests per second straight to an upstream, through the gate with the
 * audit off, and through the gate with the audit on, in one run. Everything on 127.0.0.1.
 * Run: npm run bench:gate [-- SECONDS CONCURRENCY ROUNDS]
 */
import { runGateBench } from './gate-run.js';
const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 32);
const rounds = Number(process.argv[4] ?? 3);
const row = (name, r, base) => `${name.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50ms.toFixed(2).padStart(6)} ms  p99 ${r.p99ms.toFixed(2).padStart(6)} ms  errors ${r.errors}` +
    (base ? `  ratio ${(r.rps / base.rps).toFixed(2)}x` : '');
console.log(`bench:gate  ${seconds}s per run, ${concurrency} connections, ${rounds} alternating rounds (median shown), node ${process.version}, loopback`);
const r = await runGateBench({ seconds, concurrency, direct: true, rounds });
if (r.direct)
    console.log(row('direct to upstream', r.direct));
console.log(row('through gate, audit off', r.off, r.direct));
console.log(row('through gate, audit on', r.on, r.direct));
console.log(`rounds (req/s): audit off ${r.rounds.off.map((x) => x.rps.toFixed(0)).join(', ')}; audit on ${r.rounds.on.map((x) => x.rps.toFixed(0)).join(', ')}`);
console.log(`audit cost: ${((1 - r.on.rps / r.off.rps) * 100).toFixed(1)}% of gate throughput (audit on / off = ${(r.on.rps / r.off.rps).toFixed(2)}x)`);
//# sourceMappingURL=gate.js.map