/**
 * @module bench/policy: median and p99 decision time with 10, 1,000 and 10,000 rules, almost all of
 * them for other tools. The 10-rule figure, measured in the same run, is the baseline: the ratios
 * show whether cost stays flat as other tools' rules grow (the tool index at work).
 * Run: npm run bench:policy
 */
import { compilePolicy, evaluate } from '../src/policy/index.js';
/** The rules for the measured tool (fs.read): an allow, a secrets deny and a prefix-wide deny. */
const OWN_RULES = [
    { id: 'fs-read', effect: 'allow', agents: ['coder', 'reviewer'], tools: ['fs.read', 'fs.list'], when: [{ pointer: '/path', pathUnder: '/workspace' }] },
    { id: 'secrets', effect: 'deny', agents: ['*'], tools: ['fs.*'], when: [{ anyOf: [{ pointer: '/path', pattern: '(^|/)\\.env($|\\.)' }, { pointer: '/path', pattern: '(^|/)id_rsa$' }] }] },
    { id: 'big-reads', effect: 'deny', agents: ['reviewer'], tools: ['fs.read'], when: [{ pointer: '/length', min: 1048576 }] },
];
/** `n` rules in all: the measured tool's own rules, the rest for other tools (exact and prefix). */
function policyWith(n) {
    const rules = [...OWN_RULES];
    for (let i = rules.length; i < n; i++) {
        const tool = i % 10 === 0 ? `svc${i}.*` : `svc${i % 997}.op${i}`;
        rules.push({
            id: `other-${i}`, effect: i % 7 === 0 ? 'deny' : 'allow', agents: ['coder'], tools: [tool],
            when: [{ pointer: '/path', pathUnder: '/workspace' }, { pointer: '/n', max: i }],
        });
    }
    return compilePolicy([{ path: `bench-${n}.json`, text: JSON.stringify({ rules }) }]);
}
const REQUESTS = [
    { agent: 'coder', tool: 'fs.read', value: { path: '/workspace/src/index.ts' } },
    { agent: 'coder', tool: 'fs.read', value: { path: '/workspace/.env' } },
    { agent: 'reviewer', tool: 'fs.read', value: { path: '/workspace/../etc/passwd', length: 10 } },
];
function measure(policy, samples) {
    for (let i = 0; i < 5000; i++)
        evaluate(policy, REQUESTS[i % REQUESTS.length]);
    const t = new Float64Array(samples);
    for (let i = 0; i < samples; i++) {
        const req = REQUESTS[i % REQUESTS.length];
        const t0 = process.hrtime.bigint();
        evaluate(policy, req);
        t[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
    t.sort();
    return { median: t[Math.floor(samples / 2)] ?? 0, p99: t[Math.floor(samples * 0.99)] ?? 0 };
}
const SAMPLES = 30_000;
const rows = [];
for (const n of [10, 1_000, 10_000]) {
    const c0 = process.hrtime.bigint();
    const policy = policyWith(n);
    const compileMs = Number(process.hrtime.bigint() - c0) / 1e6;
    rows.push({ n, compileMs, ...measure(policy, SAMPLES) });
}
const base = rows[0];
console.log(`policy decision time, ${SAMPLES.toLocaleString('en-US')} samples each, 3 requests for fs.read (allow, secrets deny, default deny)`);
console.log('rules     compile ms   median µs   p99 µs   median ratio vs 10 rules');
for (const r of rows) {
    console.log(`${r.n.toLocaleString('en-US').padStart(6)}  ${r.compileMs.toFixed(1).padStart(11)}  ${r.median.toFixed(2).padStart(10)}  ${r.p99.toFixed(2).padStart(7)}   ${(r.median / base.median).toFixed(2)}x`);
}
//# sourceMappingURL=policy.js.map