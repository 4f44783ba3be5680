/** @module policy/lint-schema: check each condition of a rule against a tool's input JSON Schema. */
import type { SchemaNode } from './input-schema.js';
import type { Condition } from './schema.js';
import type { Path } from './source.js';
/**
 * A mismatch between one condition and one tool's schema. `text` names the tools as `{tools}`, so
 * that the same mismatch on several tools is one finding. `required`: the condition must hold for
 * the rule to match (not under anyOf or not), so a mismatch makes the rule dead for that tool.
 */
export interface SchemaProblem {
    readonly path: Path;
    readonly text: string;
    readonly required: boolean;
}
/** Walks a rule's `when` against the node of a tool's whole input. */
export declare function checkConditions(when: readonly Condition[], root: SchemaNode): SchemaProblem[];
