/** @module gate/upstreams: each configured upstream's runtime state: limiter, guard state, receipt keys. */
import { jwksKeyResolver, readKeySetFile } from '../binding/index.js';
import { createLimiter } from './limiter.js';
import { createCircuit } from './circuit.js';
/**
 * Builds the runtime of every upstream, 'unknown' until probed, and warns loudly about each one
 * whose bindings nobody verifies or whose answers the gate cannot verify.
 */
export async function upstreamRuntimes(config, log, now = Date.now) {
    const out = new Map();
    for (const u of config.upstreams) {
        const circuit = createCircuit(u.circuit, now, Math.random, (s) => log(`verbatim gate: upstream '${u.name}' circuit ${s}`));
        const rt = { config: u, limiter: createLimiter(u.maxConcurrent, u.maxQueue, u.queueTimeoutMs), circuit, guard: 'unknown' };
        // A receipt key set file that is not a usable JWK Set refuses the start.
        if (u.receipts !== undefined && 'jwksFile' in u.receipts)
            await readKeySetFile(u.receipts.jwksFile);
        if (u.receipts !== undefined)
            rt.receiptKeys = 'jwksFile' in u.receipts ? jwksKeyResolver({ file: u.receipts.jwksFile }) : jwksKeyResolver({ url: u.receipts.jwksUrl });
        if (!u.guarded)
            log(`verbatim gate: WARNING: upstream '${u.name}' is configured guarded: false. Bindings to it are NOT verified by anyone.`);
        if (u.receipts === undefined) {
            log(`verbatim gate: WARNING: upstream '${u.name}' has no receipts key set: its answers are relayed WITHOUT verification (a middlebox could swap or forge them). Set upstreams[].receipts to the guard's jwks.json.`);
        }
        out.set(u.name, rt);
    }
    return out;
}
//# sourceMappingURL=upstreams.js.map