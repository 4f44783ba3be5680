/** @module binding/vector-kit: building blocks of the published test vectors: signed requests and verifier state. */
import { sign } from 'node:crypto';
import { serializeDictionary } from 'structured-headers';
import { jwks } from './jwks.js';
import { signBinding } from './sign.js';
import { SIGNATURE_LABEL } from './signature-base.js';
import { DEFAULT_MAX_TTL_SECONDS, DEFAULT_SKEW_SECONDS, DEFAULT_TTL_SECONDS } from './verify.js';
/** The fixed inputs of the main vector (docs/binding.md §10.2). */
export const VECTOR_INPUT = {
    method: 'POST',
    path: '/v1/tools/fs.read',
    query: '',
    body: '{"path":"/workspace/a.txt"}',
    decision: {
        id: '01JGZ8X5T2Q9V3K7M4N6P8R0SW',
        agent: 'coder',
        tool: 'fs.read',
        policyDigest: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        audience: 'sandbox-1',
    },
    now: 1767225600, // 2026-01-01T00:00:00Z
    ttlSeconds: DEFAULT_TTL_SECONDS,
    nonce: 'AAECAwQFBgcICQoLDA0ODw', // bytes 0x00..0x0f, base64url
};
export const b64 = (s) => Buffer.from(s).toString('base64');
export const CONTENT_TYPE = 'application/json';
export function kit(key) {
    const I = VECTOR_INPUT;
    const signOne = (over = {}) => {
        const body = typeof over.body === 'string' || over.body === undefined ? new TextEncoder().encode(over.body ?? I.body) : over.body;
        const method = over.method ?? I.method;
        const path = over.path ?? I.path;
        const s = signBinding({ method, path, body, decision: { ...I.decision, ...over.decision }, key: over.key ?? key, now: I.now, ttlSeconds: over.ttl ?? I.ttlSeconds, nonce: I.nonce });
        return { method, path, query: '', headers: { 'content-type': CONTENT_TYPE, ...s.headers }, bodyBase64: b64(body), base: s.signatureBase };
    };
    const main = signOne();
    const { base: _b, ...ok } = main;
    const verifier = {
        now: I.now + 10, audience: I.decision.audience, keys: jwks([key]).keys,
        skewSeconds: DEFAULT_SKEW_SECONDS, maxTtlSeconds: DEFAULT_MAX_TTL_SECONDS, maxBodyBytes: 1024 * 1024,
    };
    return {
        key, created: I.now, expires: I.now + I.ttlSeconds, ok, base: main.base, verifier,
        sign: (over) => {
            const { base: _base, ...req } = signOne(over);
            return req;
        },
        baseOf: (over) => signOne(over).base,
        signRaw: (headers, base) => ({ ...headers, signature: serializeDictionary({ [SIGNATURE_LABEL]: sign(null, Buffer.from(base, 'latin1'), key.privateKey) }) }),
        vector: (name, expect, step, req = {}, v = {}, value) => {
            const out = { name, request: { ...ok, ...req }, verifier: { ...verifier, ...v }, expect };
            if (step !== undefined)
                out.step = step;
            if (value !== undefined)
                out.value = value;
            return out;
        },
    };
}
//# sourceMappingURL=vector-kit.js.map