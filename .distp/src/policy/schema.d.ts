import { z } from 'zod';
/** Leaf operators: each addresses one value by `pointer` (RFC 6901). */
export declare const LEAF_OPERATORS: readonly ["equals", "in", "notIn", "exists", "absent", "type", "min", "max", "minLength", "maxLength", "minBytes", "maxBytes", "maxItems", "prefix", "pattern", "pathUnder", "urlHost", "each"];
/** Combinators: `pointer` is optional; when given, nested pointers are relative to it. */
export declare const COMBINATORS: readonly ["allOf", "anyOf", "not"];
export declare const OPERATORS: readonly ["equals", "in", "notIn", "exists", "absent", "type", "min", "max", "minLength", "maxLength", "minBytes", "maxBytes", "maxItems", "prefix", "pattern", "pathUnder", "urlHost", "each", "allOf", "anyOf", "not"];
export type Operator = (typeof OPERATORS)[number];
export declare const JSON_TYPES: readonly ["string", "number", "integer", "boolean", "object", "array", "null"];
export declare const PointerSchema: z.ZodString;
/** Any JSON value (RFC 8259); YAML-only values such as .nan or .inf are refused. */
export declare const JsonValueSchema: z.ZodJSONSchema;
/** Issue kinds that an unknown key in the same condition explains (a misspelt operator or pointer): one fault, not two. */
export declare const NO_OPERATOR = "no-operator";
export declare const NO_POINTER = "no-pointer";
export declare const NO_CONTENT = "no-content";
/** One condition: `pointer` plus exactly one operator (checked below, and in the JSON Schema). */
export declare const ConditionSchema: z.ZodObject<{
    pointer: z.ZodOptional<z.ZodString>;
    equals: z.ZodOptional<z.ZodJSONSchema>;
    in: z.ZodOptional<z.ZodArray<z.ZodJSONSchema>>;
    notIn: z.ZodOptional<z.ZodArray<z.ZodJSONSchema>>;
    exists: z.ZodOptional<z.ZodLiteral<true>>;
    absent: z.ZodOptional<z.ZodLiteral<true>>;
    type: z.ZodOptional<z.ZodEnum<{
        string: "string";
        number: "number";
        boolean: "boolean";
        object: "object";
        array: "array";
        null: "null";
        integer: "integer";
    }>>;
    min: z.ZodOptional<z.ZodNumber>;
    max: z.ZodOptional<z.ZodNumber>;
    minLength: z.ZodOptional<z.ZodInt>;
    maxLength: z.ZodOptional<z.ZodInt>;
    minBytes: z.ZodOptional<z.ZodInt>;
    maxBytes: z.ZodOptional<z.ZodInt>;
    maxItems: z.ZodOptional<z.ZodInt>;
    prefix: z.ZodOptional<z.ZodString>;
    pattern: z.ZodOptional<z.ZodString>;
    pathUnder: z.ZodOptional<z.ZodString>;
    urlHost: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>>;
    each: z.ZodOptional<typeof ConditionSchema>;
    allOf: z.ZodOptional<z.ZodArray<typeof ConditionSchema>>;
    anyOf: z.ZodOptional<z.ZodArray<typeof ConditionSchema>>;
    not: z.ZodOptional<typeof ConditionSchema>;
}, z.core.$strict>;
export type Condition = z.infer<typeof ConditionSchema>;
export declare const RuleSchema: z.ZodObject<{
    id: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    effect: z.ZodEnum<{
        allow: "allow";
        deny: "deny";
    }>;
    agents: z.ZodArray<z.ZodString>;
    tools: z.ZodArray<z.ZodString>;
    when: z.ZodOptional<z.ZodArray<z.ZodObject<{
        pointer: z.ZodOptional<z.ZodString>;
        equals: z.ZodOptional<z.ZodJSONSchema>;
        in: z.ZodOptional<z.ZodArray<z.ZodJSONSchema>>;
        notIn: z.ZodOptional<z.ZodArray<z.ZodJSONSchema>>;
        exists: z.ZodOptional<z.ZodLiteral<true>>;
        absent: z.ZodOptional<z.ZodLiteral<true>>;
        type: z.ZodOptional<z.ZodEnum<{
            string: "string";
            number: "number";
            boolean: "boolean";
            object: "object";
            array: "array";
            null: "null";
            integer: "integer";
        }>>;
        min: z.ZodOptional<z.ZodNumber>;
        max: z.ZodOptional<z.ZodNumber>;
        minLength: z.ZodOptional<z.ZodInt>;
        maxLength: z.ZodOptional<z.ZodInt>;
        minBytes: z.ZodOptional<z.ZodInt>;
        maxBytes: z.ZodOptional<z.ZodInt>;
        maxItems: z.ZodOptional<z.ZodInt>;
        prefix: z.ZodOptional<z.ZodString>;
        pattern: z.ZodOptional<z.ZodString>;
        pathUnder: z.ZodOptional<z.ZodString>;
        urlHost: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>>;
        each: z.ZodOptional<typeof ConditionSchema>;
        allOf: z.ZodOptional<z.ZodArray<typeof ConditionSchema>>;
        anyOf: z.ZodOptional<z.ZodArray<typeof ConditionSchema>>;
        not: z.ZodOptional<typeof ConditionSchema>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export type Rule = z.infer<typeof RuleSchema>;
/** The codes of a policy deny; every other code a case can expect is a reject. */
export declare const DENY_CODES: readonly ["ERR_POLICY_DENIED", "ERR_POLICY_NO_MATCH"];
/**
 * One case of a file's `tests:`. The body is `args` (a JSON value, serialised) or `raw` (the exact
 * bytes, for duplicate keys and other byte-level cases); both go through the gate's own step.
 */
export declare const TestCaseSchema: z.ZodObject<{
    name: z.ZodOptional<z.ZodString>;
    agent: z.ZodString;
    tool: z.ZodString;
    args: z.ZodOptional<z.ZodJSONSchema>;
    raw: z.ZodOptional<z.ZodString>;
    decision: z.ZodEnum<{
        allow: "allow";
        deny: "deny";
        reject: "reject";
    }>;
    code: z.ZodOptional<z.ZodString & z.ZodType<"ERR_INTERNAL" | "ERR_CANONICAL_EMPTY" | "ERR_CANONICAL_TOO_LARGE" | "ERR_CANONICAL_UTF8" | "ERR_CANONICAL_BOM" | "ERR_CANONICAL_SYNTAX" | "ERR_CANONICAL_TRAILING" | "ERR_CANONICAL_DEPTH" | "ERR_CANONICAL_DUPLICATE_KEY" | "ERR_CANONICAL_CASE_COLLISION" | "ERR_CANONICAL_LONE_SURROGATE" | "ERR_CANONICAL_CONTROL_CHAR" | "ERR_CANONICAL_NONCHARACTER" | "ERR_CANONICAL_NUL" | "ERR_CANONICAL_NUMBER_RANGE" | "ERR_CANONICAL_NUMBER_PRECISION" | "ERR_CANONICAL_PROTO_KEY" | "ERR_POLICY_INVALID" | "ERR_POLICY_NO_MATCH" | "ERR_POLICY_DENIED" | "ERR_CONFIG_INVALID" | "ERR_INTAKE_UNAUTHENTICATED" | "ERR_INTAKE_METHOD" | "ERR_INTAKE_BAD_PATH" | "ERR_INTAKE_CONTENT_TYPE" | "ERR_INTAKE_CONTENT_ENCODING" | "ERR_INTAKE_EMPTY_BODY" | "ERR_INTAKE_LENGTH_MISMATCH" | "ERR_INTAKE_MALFORMED_HTTP" | "ERR_INTAKE_TOO_LARGE" | "ERR_INTAKE_ABORTED" | "ERR_INTAKE_BODY_TIMEOUT" | "ERR_INTAKE_NOT_OBJECT" | "ERR_GATE_NOT_FOUND" | "ERR_GATE_UNKNOWN_TOOL" | "ERR_GATE_OVERLOADED" | "ERR_GATE_CIRCUIT_OPEN" | "ERR_GATE_UPSTREAM_UNAVAILABLE" | "ERR_GATE_UPSTREAM_TIMEOUT" | "ERR_GATE_UPSTREAM_UNGUARDED" | "ERR_BINDING_KEY" | "ERR_GUARD_CONTENT_TYPE" | "ERR_GUARD_SIGNATURE_MISSING" | "ERR_GUARD_SIGNATURE_MULTIPLE" | "ERR_GUARD_SIGNATURE_MALFORMED" | "ERR_GUARD_PARAMS_MISSING" | "ERR_GUARD_ALG_UNSUPPORTED" | "ERR_GUARD_EXPIRED" | "ERR_GUARD_NOT_YET_VALID" | "ERR_GUARD_BEFORE_START" | "ERR_GUARD_KEY_UNKNOWN" | "ERR_GUARD_SIGNATURE_INVALID" | "ERR_GUARD_DIGEST_MISMATCH" | "ERR_GUARD_AUDIENCE" | "ERR_GUARD_TARGET_MISMATCH" | "ERR_GUARD_REPLAY" | "ERR_GUARD_NOT_CANONICAL" | "ERR_GUARD_REPLAY_STORE" | "ERR_GUARD_EXECUTOR_UNAVAILABLE" | "ERR_GUARD_OVERLOADED" | "ERR_GUARD_EXECUTOR_BUSY" | "ERR_GUARD_RECEIPT_INVALID" | "ERR_MCP_BATCH" | "ERR_MCP_INVALID_MESSAGE" | "ERR_MCP_HEADER_MISMATCH" | "ERR_MCP_PROTOCOL_VERSION" | "ERR_MCP_SESSION" | "ERR_MCP_ORIGIN" | "ERR_MCP_NOT_ACCEPTABLE" | "ERR_AUDIT_UNAVAILABLE", string, z.core.$ZodTypeInternals<"ERR_INTERNAL" | "ERR_CANONICAL_EMPTY" | "ERR_CANONICAL_TOO_LARGE" | "ERR_CANONICAL_UTF8" | "ERR_CANONICAL_BOM" | "ERR_CANONICAL_SYNTAX" | "ERR_CANONICAL_TRAILING" | "ERR_CANONICAL_DEPTH" | "ERR_CANONICAL_DUPLICATE_KEY" | "ERR_CANONICAL_CASE_COLLISION" | "ERR_CANONICAL_LONE_SURROGATE" | "ERR_CANONICAL_CONTROL_CHAR" | "ERR_CANONICAL_NONCHARACTER" | "ERR_CANONICAL_NUL" | "ERR_CANONICAL_NUMBER_RANGE" | "ERR_CANONICAL_NUMBER_PRECISION" | "ERR_CANONICAL_PROTO_KEY" | "ERR_POLICY_INVALID" | "ERR_POLICY_NO_MATCH" | "ERR_POLICY_DENIED" | "ERR_CONFIG_INVALID" | "ERR_INTAKE_UNAUTHENTICATED" | "ERR_INTAKE_METHOD" | "ERR_INTAKE_BAD_PATH" | "ERR_INTAKE_CONTENT_TYPE" | "ERR_INTAKE_CONTENT_ENCODING" | "ERR_INTAKE_EMPTY_BODY" | "ERR_INTAKE_LENGTH_MISMATCH" | "ERR_INTAKE_MALFORMED_HTTP" | "ERR_INTAKE_TOO_LARGE" | "ERR_INTAKE_ABORTED" | "ERR_INTAKE_BODY_TIMEOUT" | "ERR_INTAKE_NOT_OBJECT" | "ERR_GATE_NOT_FOUND" | "ERR_GATE_UNKNOWN_TOOL" | "ERR_GATE_OVERLOADED" | "ERR_GATE_CIRCUIT_OPEN" | "ERR_GATE_UPSTREAM_UNAVAILABLE" | "ERR_GATE_UPSTREAM_TIMEOUT" | "ERR_GATE_UPSTREAM_UNGUARDED" | "ERR_BINDING_KEY" | "ERR_GUARD_CONTENT_TYPE" | "ERR_GUARD_SIGNATURE_MISSING" | "ERR_GUARD_SIGNATURE_MULTIPLE" | "ERR_GUARD_SIGNATURE_MALFORMED" | "ERR_GUARD_PARAMS_MISSING" | "ERR_GUARD_ALG_UNSUPPORTED" | "ERR_GUARD_EXPIRED" | "ERR_GUARD_NOT_YET_VALID" | "ERR_GUARD_BEFORE_START" | "ERR_GUARD_KEY_UNKNOWN" | "ERR_GUARD_SIGNATURE_INVALID" | "ERR_GUARD_DIGEST_MISMATCH" | "ERR_GUARD_AUDIENCE" | "ERR_GUARD_TARGET_MISMATCH" | "ERR_GUARD_REPLAY" | "ERR_GUARD_NOT_CANONICAL" | "ERR_GUARD_REPLAY_STORE" | "ERR_GUARD_EXECUTOR_UNAVAILABLE" | "ERR_GUARD_OVERLOADED" | "ERR_GUARD_EXECUTOR_BUSY" | "ERR_GUARD_RECEIPT_INVALID" | "ERR_MCP_BATCH" | "ERR_MCP_INVALID_MESSAGE" | "ERR_MCP_HEADER_MISMATCH" | "ERR_MCP_PROTOCOL_VERSION" | "ERR_MCP_SESSION" | "ERR_MCP_ORIGIN" | "ERR_MCP_NOT_ACCEPTABLE" | "ERR_AUDIT_UNAVAILABLE", string>>>;
    rule: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export type TestCase = z.infer<typeof TestCaseSchema>;
export declare const PolicyFileSchema: z.ZodObject<{
    $schema: z.ZodOptional<z.ZodString>;
    version: z.ZodOptional<z.ZodLiteral<1>>;
    rules: z.ZodOptional<z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        description: z.ZodOptional<z.ZodString>;
        effect: z.ZodEnum<{
            allow: "allow";
            deny: "deny";
        }>;
        agents: z.ZodArray<z.ZodString>;
        tools: z.ZodArray<z.ZodString>;
        when: z.ZodOptional<z.ZodArray<z.ZodObject<{
            pointer: z.ZodOptional<z.ZodString>;
            equals: z.ZodOptional<z.ZodJSONSchema>;
            in: z.ZodOptional<z.ZodArray<z.ZodJSONSchema>>;
            notIn: z.ZodOptional<z.ZodArray<z.ZodJSONSchema>>;
            exists: z.ZodOptional<z.ZodLiteral<true>>;
            absent: z.ZodOptional<z.ZodLiteral<true>>;
            type: z.ZodOptional<z.ZodEnum<{
                string: "string";
                number: "number";
                boolean: "boolean";
                object: "object";
                array: "array";
                null: "null";
                integer: "integer";
            }>>;
            min: z.ZodOptional<z.ZodNumber>;
            max: z.ZodOptional<z.ZodNumber>;
            minLength: z.ZodOptional<z.ZodInt>;
            maxLength: z.ZodOptional<z.ZodInt>;
            minBytes: z.ZodOptional<z.ZodInt>;
            maxBytes: z.ZodOptional<z.ZodInt>;
            maxItems: z.ZodOptional<z.ZodInt>;
            prefix: z.ZodOptional<z.ZodString>;
            pattern: z.ZodOptional<z.ZodString>;
            pathUnder: z.ZodOptional<z.ZodString>;
            urlHost: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>>;
            each: z.ZodOptional<typeof ConditionSchema>;
            allOf: z.ZodOptional<z.ZodArray<typeof ConditionSchema>>;
            anyOf: z.ZodOptional<z.ZodArray<typeof ConditionSchema>>;
            not: z.ZodOptional<typeof ConditionSchema>;
        }, z.core.$strict>>>;
    }, z.core.$strict>>>;
    tests: z.ZodOptional<z.ZodArray<z.ZodObject<{
        name: z.ZodOptional<z.ZodString>;
        agent: z.ZodString;
        tool: z.ZodString;
        args: z.ZodOptional<z.ZodJSONSchema>;
        raw: z.ZodOptional<z.ZodString>;
        decision: z.ZodEnum<{
            allow: "allow";
            deny: "deny";
            reject: "reject";
        }>;
        code: z.ZodOptional<z.ZodString & z.ZodType<"ERR_INTERNAL" | "ERR_CANONICAL_EMPTY" | "ERR_CANONICAL_TOO_LARGE" | "ERR_CANONICAL_UTF8" | "ERR_CANONICAL_BOM" | "ERR_CANONICAL_SYNTAX" | "ERR_CANONICAL_TRAILING" | "ERR_CANONICAL_DEPTH" | "ERR_CANONICAL_DUPLICATE_KEY" | "ERR_CANONICAL_CASE_COLLISION" | "ERR_CANONICAL_LONE_SURROGATE" | "ERR_CANONICAL_CONTROL_CHAR" | "ERR_CANONICAL_NONCHARACTER" | "ERR_CANONICAL_NUL" | "ERR_CANONICAL_NUMBER_RANGE" | "ERR_CANONICAL_NUMBER_PRECISION" | "ERR_CANONICAL_PROTO_KEY" | "ERR_POLICY_INVALID" | "ERR_POLICY_NO_MATCH" | "ERR_POLICY_DENIED" | "ERR_CONFIG_INVALID" | "ERR_INTAKE_UNAUTHENTICATED" | "ERR_INTAKE_METHOD" | "ERR_INTAKE_BAD_PATH" | "ERR_INTAKE_CONTENT_TYPE" | "ERR_INTAKE_CONTENT_ENCODING" | "ERR_INTAKE_EMPTY_BODY" | "ERR_INTAKE_LENGTH_MISMATCH" | "ERR_INTAKE_MALFORMED_HTTP" | "ERR_INTAKE_TOO_LARGE" | "ERR_INTAKE_ABORTED" | "ERR_INTAKE_BODY_TIMEOUT" | "ERR_INTAKE_NOT_OBJECT" | "ERR_GATE_NOT_FOUND" | "ERR_GATE_UNKNOWN_TOOL" | "ERR_GATE_OVERLOADED" | "ERR_GATE_CIRCUIT_OPEN" | "ERR_GATE_UPSTREAM_UNAVAILABLE" | "ERR_GATE_UPSTREAM_TIMEOUT" | "ERR_GATE_UPSTREAM_UNGUARDED" | "ERR_BINDING_KEY" | "ERR_GUARD_CONTENT_TYPE" | "ERR_GUARD_SIGNATURE_MISSING" | "ERR_GUARD_SIGNATURE_MULTIPLE" | "ERR_GUARD_SIGNATURE_MALFORMED" | "ERR_GUARD_PARAMS_MISSING" | "ERR_GUARD_ALG_UNSUPPORTED" | "ERR_GUARD_EXPIRED" | "ERR_GUARD_NOT_YET_VALID" | "ERR_GUARD_BEFORE_START" | "ERR_GUARD_KEY_UNKNOWN" | "ERR_GUARD_SIGNATURE_INVALID" | "ERR_GUARD_DIGEST_MISMATCH" | "ERR_GUARD_AUDIENCE" | "ERR_GUARD_TARGET_MISMATCH" | "ERR_GUARD_REPLAY" | "ERR_GUARD_NOT_CANONICAL" | "ERR_GUARD_REPLAY_STORE" | "ERR_GUARD_EXECUTOR_UNAVAILABLE" | "ERR_GUARD_OVERLOADED" | "ERR_GUARD_EXECUTOR_BUSY" | "ERR_GUARD_RECEIPT_INVALID" | "ERR_MCP_BATCH" | "ERR_MCP_INVALID_MESSAGE" | "ERR_MCP_HEADER_MISMATCH" | "ERR_MCP_PROTOCOL_VERSION" | "ERR_MCP_SESSION" | "ERR_MCP_ORIGIN" | "ERR_MCP_NOT_ACCEPTABLE" | "ERR_AUDIT_UNAVAILABLE", string, z.core.$ZodTypeInternals<"ERR_INTERNAL" | "ERR_CANONICAL_EMPTY" | "ERR_CANONICAL_TOO_LARGE" | "ERR_CANONICAL_UTF8" | "ERR_CANONICAL_BOM" | "ERR_CANONICAL_SYNTAX" | "ERR_CANONICAL_TRAILING" | "ERR_CANONICAL_DEPTH" | "ERR_CANONICAL_DUPLICATE_KEY" | "ERR_CANONICAL_CASE_COLLISION" | "ERR_CANONICAL_LONE_SURROGATE" | "ERR_CANONICAL_CONTROL_CHAR" | "ERR_CANONICAL_NONCHARACTER" | "ERR_CANONICAL_NUL" | "ERR_CANONICAL_NUMBER_RANGE" | "ERR_CANONICAL_NUMBER_PRECISION" | "ERR_CANONICAL_PROTO_KEY" | "ERR_POLICY_INVALID" | "ERR_POLICY_NO_MATCH" | "ERR_POLICY_DENIED" | "ERR_CONFIG_INVALID" | "ERR_INTAKE_UNAUTHENTICATED" | "ERR_INTAKE_METHOD" | "ERR_INTAKE_BAD_PATH" | "ERR_INTAKE_CONTENT_TYPE" | "ERR_INTAKE_CONTENT_ENCODING" | "ERR_INTAKE_EMPTY_BODY" | "ERR_INTAKE_LENGTH_MISMATCH" | "ERR_INTAKE_MALFORMED_HTTP" | "ERR_INTAKE_TOO_LARGE" | "ERR_INTAKE_ABORTED" | "ERR_INTAKE_BODY_TIMEOUT" | "ERR_INTAKE_NOT_OBJECT" | "ERR_GATE_NOT_FOUND" | "ERR_GATE_UNKNOWN_TOOL" | "ERR_GATE_OVERLOADED" | "ERR_GATE_CIRCUIT_OPEN" | "ERR_GATE_UPSTREAM_UNAVAILABLE" | "ERR_GATE_UPSTREAM_TIMEOUT" | "ERR_GATE_UPSTREAM_UNGUARDED" | "ERR_BINDING_KEY" | "ERR_GUARD_CONTENT_TYPE" | "ERR_GUARD_SIGNATURE_MISSING" | "ERR_GUARD_SIGNATURE_MULTIPLE" | "ERR_GUARD_SIGNATURE_MALFORMED" | "ERR_GUARD_PARAMS_MISSING" | "ERR_GUARD_ALG_UNSUPPORTED" | "ERR_GUARD_EXPIRED" | "ERR_GUARD_NOT_YET_VALID" | "ERR_GUARD_BEFORE_START" | "ERR_GUARD_KEY_UNKNOWN" | "ERR_GUARD_SIGNATURE_INVALID" | "ERR_GUARD_DIGEST_MISMATCH" | "ERR_GUARD_AUDIENCE" | "ERR_GUARD_TARGET_MISMATCH" | "ERR_GUARD_REPLAY" | "ERR_GUARD_NOT_CANONICAL" | "ERR_GUARD_REPLAY_STORE" | "ERR_GUARD_EXECUTOR_UNAVAILABLE" | "ERR_GUARD_OVERLOADED" | "ERR_GUARD_EXECUTOR_BUSY" | "ERR_GUARD_RECEIPT_INVALID" | "ERR_MCP_BATCH" | "ERR_MCP_INVALID_MESSAGE" | "ERR_MCP_HEADER_MISMATCH" | "ERR_MCP_PROTOCOL_VERSION" | "ERR_MCP_SESSION" | "ERR_MCP_ORIGIN" | "ERR_MCP_NOT_ACCEPTABLE" | "ERR_AUDIT_UNAVAILABLE", string>>>;
        rule: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export type PolicyFile = z.infer<typeof PolicyFileSchema>;
