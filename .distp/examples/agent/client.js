/** @module examples/agent/client: how an agent calls the gate: one POST, problem+json errors, careful retries. */
/** A refusal or failure from the gate, with its stable code (docs/errors.md). */
export class GateError extends Error {
    status;
    code;
    decisionId;
    constructor(status, code, decisionId, detail) {
        super(`${status} ${code}${detail ? `: ${detail}` : ''}`);
        this.status = status;
        this.code = code;
        this.decisionId = decisionId;
        this.name = 'GateError';
    }
}
/**
 * Calls `tool` with `args` through the gate. Retries only what the gate says is safe to retry: an
 * answer with Retry-After (overloaded, or the audit log briefly unavailable before anything was
 * forwarded), waiting a random time up to the hint (full jitter), so that 500 agents do not come back
 * at once. A 502/504 is never retried: the tool may have run.
 * @example
 * const r = await callTool('http://127.0.0.1:8080', token, 'fs.read', { path: '/workspace/README.md' })
 */
export async function callTool(gate, token, tool, args, o = {}) {
    const attempts = o.attempts ?? 3;
    const sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 1;; attempt++) {
        const res = await fetch(`${gate}/v1/tools/${tool}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(args),
        });
        const decisionId = res.headers.get('verbatim-decision-id');
        const type = res.headers.get('content-type') ?? '';
        const text = await res.text();
        const body = type.includes('json') && text !== '' ? JSON.parse(text) : text;
        if (!type.startsWith('application/problem+json'))
            return { status: res.status, body, decisionId, receipt: res.headers.get('verbatim-receipt') };
        const p = body;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (attempt < attempts && Number.isFinite(retryAfter) && retryAfter > 0) {
            await sleep(Math.random() * Math.min(retryAfter * 1000, o.maxWaitMs ?? 5000));
            continue;
        }
        throw new GateError(res.status, p.code ?? 'UNKNOWN', decisionId, p.detail);
    }
}
//# sourceMappingURL=client.js.map