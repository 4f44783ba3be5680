/** @module policy/arguments: body bytes → the canonical arguments object, or the gate's refusal. */
import { Buffer } from 'node:buffer';
import { DEFAULT_CANONICAL_OPTIONS, canonicalBytes } from '../canonical/index.js';
import { VerbatimError } from '../errors/index.js';
/**
 * The one step from a tool call's body bytes to the value policy evaluates, shared by the gate,
 * `verbatim policy explain` and policy tests, so each refuses exactly what the others refuse:
 * over `maxBytes` ERR_INTAKE_TOO_LARGE, no bytes ERR_INTAKE_EMPTY_BODY, any strict-parse refusal
 * its ERR_CANONICAL_* code, and a value that is not an object ERR_INTAKE_NOT_OBJECT (whose
 * `detail.digest` is the hex SHA-256 of the canonical bytes, for the audit record).
 * @example
 * const args = canonicalArguments(new TextEncoder().encode('{"path":"/workspace/a"}'))
 * evaluate(policy, { agent: 'coder', tool: 'fs.read', value: args.value })
 */
export function canonicalArguments(body, options) {
    const maxBytes = options?.maxBytes ?? DEFAULT_CANONICAL_OPTIONS.maxBytes;
    // The gate's intake stops reading at the same limit, with the same code.
    if (body.byteLength > maxBytes)
        throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body exceeds the limit of ${maxBytes} bytes`);
    if (body.byteLength === 0)
        throw new VerbatimError('ERR_INTAKE_EMPTY_BODY', 'a tool call needs a JSON object body');
    const canonical = canonicalBytes(body, options);
    if (canonical.type !== 'object') {
        throw new VerbatimError('ERR_INTAKE_NOT_OBJECT', `arguments must be a JSON object, not ${canonical.type}`, {
            detail: { digest: Buffer.from(canonical.digest).toString('hex') },
        });
    }
    return canonical;
}
//# sourceMappingURL=arguments.js.map