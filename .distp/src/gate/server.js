/** @module gate/server: start the gate from a loaded config (the edge: keys, files, sockets, timers). */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { openAuditWriter, policyRecordFields } from '../audit/index.js';
import { closeServer, createByteBudget, disciplineConnections, listen } from '../http/index.js';
import { loadSigningKey, newNonce } from '../binding/index.js';
import { canonicalOptionsOf } from '../config/index.js';
import { VerbatimError } from '../errors/index.js';
import { createAuthenticator } from '../intake/index.js';
import { PolicyStore, policyWarnings } from '../policy/index.js';
import { fromNode, writeReply } from './http/exchange.js';
import { problemReply } from './http/problem.js';
import { createRouter } from './router.js';
import { onClientError, overloadedBytes, refuseFraming } from './client-error.js';
import { createForwarders } from './forward.js';
import { defaultAllowedHosts } from './mcp/admit.js';
import { createMcpSessions } from './mcp/sessions.js';
import { createProber } from './probe.js';
import { createGateMetrics } from '../observe/index.js';
import { compileRoutes } from './routes.js';
import { upstreamRuntimes } from './upstreams.js';
/** Starts the gate. Any missing key, bad policy or unwritable audit directory refuses the start. */
export async function startGate(config, opts = {}) {
    const log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
    const env = opts.env ?? process.env;
    const signingKey = await loadSigningKey(config.signing.keyFile);
    if (config.signing.keyId !== undefined && config.signing.keyId !== signingKey.kid) {
        throw new VerbatimError('ERR_BINDING_KEY', `${config.signing.keyFile} has kid ${signingKey.kid}, but signing.keyId says ${config.signing.keyId}`);
    }
    const previous = await Promise.all(config.signing.previousKeys.map(readJwk));
    const authenticate = createAuthenticator(config.agents, env);
    const upstreams = await upstreamRuntimes(config, log);
    let stopping = false;
    const metrics = createGateMetrics(() => [...upstreams.values()].map((u) => ({
        name: u.config.name, queued: u.limiter.queued, active: u.limiter.active,
        circuit: u.circuit.state === 'closed' ? 0 : u.circuit.state === 'half-open' ? 1 : 2,
        forwarding: !u.config.guarded || u.guard === 'guarded' ? 1 : 0,
    })));
    const policies = await PolicyStore.open(config.policies);
    for (const line of await policyWarnings(config, policies.current))
        log(`verbatim gate: ${line}`);
    const first = { digest: policies.current.digest };
    const audit = await openAuditWriter({
        dir: config.audit.dir,
        process: opts.auditProcess ?? 'gate',
        signer: { kid: signingKey.kid, privateKey: signingKey.privateKey },
        checkpointEvery: config.audit.checkpointEvery,
        checkpointIntervalMs: config.audit.checkpointIntervalMs,
        startFields: { keys: [{ kid: signingKey.kid, x: String(signingKey.publicJwk.x) }], policyDigest: first.digest },
        onFatal: (err) => log(`verbatim gate: AUDIT FAILED, refusing to forward until restart: ${err.message}`),
        onBatch: (records, seconds) => metrics.auditBatch(records, seconds),
    });
    await audit.append('policy', policyRecordFields(policies.current, config.policies));
    policies.watch((result) => {
        const fields = result.ok
            ? (policies.current.digest === result.digest ? policyRecordFields(policies.current, config.policies) : { digest: result.digest, paths: config.policies, ok: true })
            : { digest: policies.current.digest, paths: config.policies, ok: false, error: result.error.message.slice(0, 2000) };
        metrics.policyReload(result.ok);
        log(result.ok ? `verbatim gate: policy loaded, digest ${result.digest}` : `verbatim gate: policy reload FAILED, still serving the last good policy:\n${result.error.message}`);
        audit.append('policy', fields).catch((err) => log(`verbatim gate: audit of a policy reload failed: ${String(err)}`));
    });
    const { forward, stream: forwardStream, close: closeForwarders } = createForwarders(Math.max(...config.upstreams.map((u) => u.maxConcurrent)));
    const mcpServers = new Map(config.mcp.servers.map((m) => [m.name, { config: m, upstream: upstreams.get(m.upstream), allowedHosts: m.allowedHosts }]));
    const deps = {
        authenticate,
        routes: compileRoutes(config),
        upstreams,
        policy: () => policies.current,
        signingKey,
        publicKeys: [signingKey.publicJwk, ...previous],
        audit: opts.auditDisabled ? { append: async () => undefined } : audit,
        forward,
        forwardStream,
        mcp: { servers: mcpServers, sessions: createMcpSessions() },
        canonical: canonicalOptionsOf(config),
        ttlSeconds: config.signing.ttlSeconds,
        auditArguments: { mode: config.audit.arguments, redact: config.audit.redact },
        forwardHeaders: config.forward.headers,
        now: Date.now,
        newDecisionId: randomUUID,
        newNonce,
        ready: () => {
            const reasons = [];
            if (stopping)
                reasons.push('stopping: draining calls in flight');
            if (audit.failed)
                reasons.push(`audit: ${audit.failed.message}`);
            return { ok: reasons.length === 0, reasons };
        },
        metrics,
        ...(opts.callLog === undefined ? {} : { callLog: opts.callLog }),
        bodyBudget: Object.assign(createByteBudget(config.limits.maxInflightBodyBytes), {
            overloaded: () => new VerbatimError('ERR_GATE_OVERLOADED', 'the budget of body bytes in flight is spent', { detail: { closeConnection: true, shed: 'budget' } }),
        }),
        bodyDeadline: () => AbortSignal.timeout(config.limits.bodyTimeoutMs),
        log,
    };
    const route = createRouter(deps);
    // No request listener of node's own: every request goes through the connection discipline.
    const server = createServer();
    const shedLog = rateLimitedLog(log, 10_000);
    // node's request straight to the router: no web Request or Response on the hot path.
    const listener = (req, res) => {
        (globalThis.__m?.('req'),route(fromNode(req))).then((reply) => {globalThis.__m?.('reply');writeReply(res, reply);globalThis.__m?.('written')}, (err) => writeReply(res, problemReply(err)));
    };
    const connections = disciplineConnections(server, listener, {
        maxConnections: config.limits.maxConnections,
        overloaded: () => overloadedBytes(),
        faultyFraming: (req, res, why) => refuseFraming(req, res, why, deps, log),
        onShed: (why) => void (deps.metrics?.shed(why), shedLog(`verbatim gate: shedding load (${why === 'connections' ? `more than ${config.limits.maxConnections} open connections` : 'too many pipelined requests on one connection'})`)),
    });
    server.on('clientError', (err, socket) => onClientError(err, socket, deps, log));
    server.requestTimeout = 60_000;
    server.headersTimeout = 15_000;
    let bound;
    try {
        bound = await listen(server, config.listen.port, config.listen.host);
    }
    catch (err) {
        policies.close();
        await audit.close().catch(() => undefined);
        throw err;
    }
    const port = bound.port;
    for (const m of mcpServers.values())
        m.allowedHosts ??= defaultAllowedHosts(config.listen.host, port);
    const prober = createProber(upstreams.values(), signingKey, forward, { now: Date.now, nonce: newNonce, log });
    deps.reprobe = prober.reprobe;
    const probe = prober.probeAll;
    await probe();
    const stopProbing = config.probe.intervalMs > 0 ? prober.every(config.probe.intervalMs, opts.probeTimer) : () => undefined;
    return {
        url: bound.url,
        port,
        server,
        deps,
        audit,
        probe,
        connections,
        async close(o = {}) {
            stopping = true;
            stopProbing();
            policies.close();
            await closeServer(server, o.graceMs ?? 10_000);
            await closeForwarders();
            await audit.close();
        },
    };
}
async function readJwk(path) {
    try {
        const jwk = JSON.parse(await readFile(path, 'utf8'));
        if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk)
            throw new Error('not a public Ed25519 JWK');
        return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.kid === undefined ? {} : { kid: jwk.kid }), alg: 'EdDSA', use: 'sig' };
    }
    catch (cause) {
        throw new VerbatimError('ERR_BINDING_KEY', `${path}: ${cause.message}`, { cause });
    }
}
/** At most one line per `everyMs`, with a count of the lines it held back. */
function rateLimitedLog(log, everyMs) {
    let last = -Infinity;
    let held = 0;
    return (line) => {
        const now = Date.now();
        if (now - last < everyMs) {
            held++;
            return;
        }
        log(held > 0 ? `${line} (and ${held} more like it)` : line);
        last = now;
        held = 0;
    };
}
//# sourceMappingURL=server.js.map