import type { Canonical, CanonicalOptions } from '../canonical/index.js';
import type { JsonValue } from './json.js';
/** What policy decides on: the canonical bytes of a tool call and the object they denote. */
export interface CanonicalArguments extends Canonical {
    value: {
        [key: string]: JsonValue;
    };
    type: 'object';
}
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
export declare function canonicalArguments(body: Uint8Array, options?: CanonicalOptions): CanonicalArguments;
