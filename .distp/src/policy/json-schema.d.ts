/**
 * JSON Schema (draft 2020-12) for policy files, for editors to complete and check.
 * The zod refinements are added by hand: "exactly one operator" as a `oneOf` on the Condition, and
 * "args or raw" and the decision/code pairing on the TestCase.
 * @example verbatim policy schema > docs/policy.schema.json
 */
export declare function policyJsonSchema(): Record<string, unknown>;
/** The committed text of docs/policy.schema.json; a test keeps the file in step. */
export declare function renderPolicySchema(): string;
