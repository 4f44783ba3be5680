/** @module bench/load: a closed-loop HTTP/1.1 load generator (keep-alive, fixed concurrency, fixed duration). */
import { Agent, request } from 'node:http';
/** POSTs `body` to `url` from `concurrency` loops for `seconds`; loopback only. */
export async function load(url, body, headers, concurrency, seconds) {
    const u = new URL(url);
    if (u.hostname !== '127.0.0.1')
        throw new Error('load targets loopback only');
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const latencies = [];
    let errors = 0;
    const deadline = performance.now() + seconds * 1000;
    const one = () => new Promise((resolve) => {
        const t0 = performance.now();
        const r = request(u, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.byteLength) } }, (res) => {
            res.on('data', () => undefined);
            res.on('end', () => {
                if (res.statusCode === 200)
                    latencies.push(performance.now() - t0);
                else
                    errors++;
                resolve();
            });
        });
        r.on('error', () => {
            errors++;
            resolve();
        });
        r.end(body);
    });
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline)
            await one();
    }));
    const elapsed = (performance.now() - started) / 1000;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
    return { requests: latencies.length, errors, seconds: elapsed, rps: latencies.length / elapsed, p50ms: pct(0.5), p99ms: pct(0.99) };
}
//# sourceMappingURL=load.js.map