/** @module binding/decision-header: the `Verbatim-Decision` header, an RFC 8941 §3.2 Dictionary. */
import { ParseError, parseDictionary, serializeDictionary } from 'structured-headers';
import { VerbatimError } from '../errors/index.js';
export const DECISION_HEADER = 'verbatim-decision';
// RFC 8941 §3.3.3: an sf-string holds printable ASCII only.
const SF_STRING = /^[\x20-\x7e]+$/;
const HEX = /^[0-9a-f]{64}$/;
/** The `policy` member: a SHA-256, exactly 32 bytes. */
export const POLICY_DIGEST_BYTES = 32;
function checkString(name, v) {
    if (!SF_STRING.test(v))
        throw new VerbatimError('ERR_INTERNAL', `decision ${name} must be non-empty printable ASCII`);
    return v;
}
/**
 * Serialises a decision: `id="…", agent="…", tool="…", policy=:<base64>:, aud="…"`.
 * Members in that fixed order; `policy` is the raw digest bytes as an RFC 8941 §3.3.5 Byte Sequence.
 */
export function serializeDecision(d) {
    if (!HEX.test(d.policyDigest))
        throw new VerbatimError('ERR_INTERNAL', 'decision policyDigest must be 64 lowercase hex digits (SHA-256)');
    const members = {
        id: checkString('id', d.id),
        agent: checkString('agent', d.agent),
        tool: checkString('tool', d.tool),
        policy: Buffer.from(d.policyDigest, 'hex'),
        aud: checkString('audience', d.audience),
    };
    if (d.session !== undefined)
        members.session = checkString('session', d.session);
    if (d.protocol !== undefined)
        members.protocol = checkString('protocol', d.protocol);
    return serializeDictionary(members);
}
function member(dict, key) {
    const m = dict.get(key);
    if (m === undefined)
        throw new VerbatimError('ERR_GUARD_PARAMS_MISSING', `Verbatim-Decision has no ${key} member`);
    if (!Array.isArray(m) || Array.isArray(m[0]))
        throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `Verbatim-Decision ${key} is not an item`);
    return m[0];
}
function str(dict, key) {
    const v = member(dict, key);
    if (typeof v !== 'string' || v === '')
        throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `Verbatim-Decision ${key} is not a non-empty string`);
    return v;
}
function bytes32(dict, key) {
    const v = member(dict, key);
    if (!(v instanceof ArrayBuffer) || v.byteLength !== POLICY_DIGEST_BYTES) {
        throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `Verbatim-Decision ${key} is not a ${POLICY_DIGEST_BYTES}-byte byte sequence`);
    }
    return Buffer.from(v).toString('hex');
}
/**
 * Parses a received `Verbatim-Decision` value (step 2i of docs/binding.md §6): members checked in the order
 * id, agent, tool, policy, aud. Unknown members and member parameters are ignored (they are signed anyway).
 */
export function parseDecision(value) {
    let dict;
    try {
        dict = parseDictionary(value);
    }
    catch (e) {
        if (e instanceof ParseError)
            throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', 'Verbatim-Decision is not an RFC 8941 dictionary', { cause: e });
        throw e;
    }
    const id = str(dict, 'id');
    const agent = str(dict, 'agent');
    const tool = str(dict, 'tool');
    const policyDigest = bytes32(dict, 'policy');
    const audience = str(dict, 'aud');
    // MCP: the session the request belongs to, when it carries one (docs/binding.md §13).
    const out = { id, agent, tool, policyDigest, audience };
    if (dict.has('session'))
        out.session = str(dict, 'session');
    if (dict.has('protocol'))
        out.protocol = str(dict, 'protocol');
    return out;
}
//# sourceMappingURL=decision-header.js.map