/** @module policy/schema-docs: what each key and operator of a policy file means, with examples, for editors' hover. */
/** One key's hover text and examples, as the JSON Schema carries them. */
export interface KeyDoc {
    readonly description: string;
    readonly examples: readonly unknown[];
}
/** The keys of a policy file. */
export declare const FILE_DOCS: {
    readonly $schema: {
        readonly description: "Where editors find this JSON Schema; ignored by Verbatim.";
        readonly examples: readonly ["../docs/policy.schema.json"];
    };
    readonly version: {
        readonly description: "The policy language version; only 1 exists.";
        readonly examples: readonly [1];
    };
    readonly rules: {
        readonly description: "The rules of this file. Cedar semantics: no match is a deny, and any matching deny beats every allow. May be left out in a file that holds only tests.";
        readonly examples: readonly [readonly [{
            readonly id: "fs-read-workspace";
            readonly effect: "allow";
            readonly agents: readonly ["coder"];
            readonly tools: readonly ["fs.read"];
            readonly when: readonly [{
                readonly pointer: "/path";
                readonly pathUnder: "/workspace";
            }];
        }]];
    };
    readonly tests: {
        readonly description: "Cases that `verbatim policy test` runs against every file given to it, as the gate would decide them. Not part of the policy digest.";
        readonly examples: readonly [readonly [{
            readonly name: "reads a workspace file";
            readonly agent: "coder";
            readonly tool: "fs.read";
            readonly args: {
                readonly path: "/workspace/a.ts";
            };
            readonly decision: "allow";
        }]];
    };
};
/** The keys of a rule. */
export declare const RULE_DOCS: {
    readonly id: {
        readonly description: "A unique id across every policy file: letters, digits, _ . : -, starting with a letter or digit. Decisions name the rules that decided by id.";
        readonly examples: readonly ["fs-read-workspace", "secrets:deny-env"];
    };
    readonly description: {
        readonly description: "Free text for people; not part of the digest.";
        readonly examples: readonly ["Both agents may read files in the workspace."];
    };
    readonly effect: {
        readonly description: "allow or deny. A call is allowed when an allow rule matches and no deny rule does.";
        readonly examples: readonly ["allow", "deny"];
    };
    readonly agents: {
        readonly description: "The agent ids this rule covers (as verbatim.yaml names them), or \"*\" for every agent.";
        readonly examples: readonly [readonly ["coder", "reviewer"], readonly ["*"]];
    };
    readonly tools: {
        readonly description: "The tools this rule covers: exact names as in POST /v1/tools/{tool}, or a prefix ending in * (fs.* covers fs.read; a lone * covers every tool).";
        readonly examples: readonly [readonly ["fs.read", "fs.list"], readonly ["fs.*"]];
    };
    readonly when: {
        readonly description: "Conditions on the canonical arguments; the rule matches only when every one holds. Leave out for \"always\".";
        readonly examples: readonly [readonly [{
            readonly pointer: "/path";
            readonly pathUnder: "/workspace";
        }, {
            readonly pointer: "/content";
            readonly maxBytes: 65536;
        }]];
    };
};
/** `pointer` and each operator of a condition. */
export declare const CONDITION_DOCS: {
    readonly pointer: {
        readonly description: "A JSON Pointer (RFC 6901) to the value the operator tests: \"\" is the whole value, /argv/0 the first element, /a~1b the key a/b. Required for every operator but allOf, anyOf and not, where it makes the children's pointers relative.";
        readonly examples: readonly ["/path", "/argv/0", ""];
    };
    readonly equals: {
        readonly description: "Holds when the value equals this JSON value (object key order ignored, numbers by value).";
        readonly examples: readonly ["GET", 3, {
            readonly a: 1;
        }];
    };
    readonly in: {
        readonly description: "Holds when the value equals one of the list.";
        readonly examples: readonly [readonly ["ls", "cat", "git"]];
    };
    readonly notIn: {
        readonly description: "Holds when the value exists and equals none of the list.";
        readonly examples: readonly [readonly ["exec", "sudo"]];
    };
    readonly exists: {
        readonly description: "exists: true holds when the value exists (null counts as existing).";
        readonly examples: readonly [true];
    };
    readonly absent: {
        readonly description: "absent: true holds when the value does not exist.";
        readonly examples: readonly [true];
    };
    readonly type: {
        readonly description: "Holds when the value has this JSON type; integer is a number with no fraction.";
        readonly examples: readonly ["string", "array", "integer"];
    };
    readonly min: {
        readonly description: "Holds when the value is a number of at least this (inclusive).";
        readonly examples: readonly [1];
    };
    readonly max: {
        readonly description: "Holds when the value is a number of at most this (inclusive).";
        readonly examples: readonly [600000];
    };
    readonly minLength: {
        readonly description: "Holds when the value is a string of at least N Unicode code points (characters, not bytes).";
        readonly examples: readonly [1];
    };
    readonly maxLength: {
        readonly description: "Holds when the value is a string of at most N Unicode code points (characters, not bytes: \"😀\" is 1). For a size limit use maxBytes.";
        readonly examples: readonly [256];
    };
    readonly minBytes: {
        readonly description: "Holds when the value is a string of at least N bytes in UTF-8 (\"é\" is 2 bytes, \"😀\" is 4).";
        readonly examples: readonly [1];
    };
    readonly maxBytes: {
        readonly description: "Holds when the value is a string of at most N bytes in UTF-8, the size the executor writes (\"é\" is 2 bytes, \"😀\" is 4; an escape such as \\n counts as the 1 byte it denotes).";
        readonly examples: readonly [65536, 1048576];
    };
    readonly maxItems: {
        readonly description: "Holds when the value is an array of at most N elements.";
        readonly examples: readonly [64];
    };
    readonly prefix: {
        readonly description: "Holds when the value is a string that starts with this text.";
        readonly examples: readonly ["https://"];
    };
    readonly pattern: {
        readonly description: "Holds when the value is a string in which this RE2 pattern finds a match (search; anchor with ^…$). Linear time: no pattern can stall the gate.";
        readonly examples: readonly ["^feature/[a-z0-9-]+$", "(^|/)\\.env$"];
    };
    readonly pathUnder: {
        readonly description: "Holds when the value is a canonical absolute path equal to or under this canonical base: /workspace/../etc, //workspace and /workspace/a/ are not.";
        readonly examples: readonly ["/workspace"];
    };
    readonly urlHost: {
        readonly description: "Holds when the value is a canonical URL (new URL(v).href === v, no userinfo) whose host is this host or one of the list, spelled as a canonical URL spells it.";
        readonly examples: readonly ["api.github.com", readonly ["api.github.com", "docs.python.org"]];
    };
    readonly each: {
        readonly description: "Holds when the value is an array and the child condition holds for every element (true for []); the child's pointers are relative to the element.";
        readonly examples: readonly [{
            readonly pointer: "";
            readonly type: "string";
        }];
    };
    readonly allOf: {
        readonly description: "Holds when every child holds.";
        readonly examples: readonly [readonly [{
            readonly pointer: "/n";
            readonly min: 1;
        }, {
            readonly pointer: "/n";
            readonly max: 9;
        }]];
    };
    readonly anyOf: {
        readonly description: "Holds when at least one child holds.";
        readonly examples: readonly [readonly [{
            readonly pointer: "/method";
            readonly absent: true;
        }, {
            readonly pointer: "/method";
            readonly in: readonly ["GET", "HEAD"];
        }]];
    };
    readonly not: {
        readonly description: "Holds when the child does not hold (give not a pointer to make it false when that value is missing).";
        readonly examples: readonly [{
            readonly pointer: "/argv/0";
            readonly equals: "rm";
        }];
    };
};
/** The keys of a test case. */
export declare const TEST_DOCS: {
    readonly name: {
        readonly description: "Printed on the case's pass/FAIL line.";
        readonly examples: readonly ["coder reads a workspace file"];
    };
    readonly agent: {
        readonly description: "The authenticated agent id of the call.";
        readonly examples: readonly ["coder"];
    };
    readonly tool: {
        readonly description: "The tool of the call, as in POST /v1/tools/{tool}.";
        readonly examples: readonly ["fs.read"];
    };
    readonly args: {
        readonly description: "The arguments as a JSON value; serialised, then read as the gate reads a body. Give args or raw.";
        readonly examples: readonly [{
            readonly path: "/workspace/a.ts";
        }];
    };
    readonly raw: {
        readonly description: "The exact body, as a string whose UTF-8 bytes are sent (for duplicate keys and other byte-level cases). Give args or raw.";
        readonly examples: readonly ["{\"path\":\"/workspace/a\",\"path\":\"/etc/passwd\"}"];
    };
    readonly decision: {
        readonly description: "What the gate must do: allow, deny, or reject (the gate refuses the body before any rule sees it; give its code).";
        readonly examples: readonly ["allow", "deny", "reject"];
    };
    readonly code: {
        readonly description: "The expected code: required with reject; with deny, ERR_POLICY_DENIED or ERR_POLICY_NO_MATCH.";
        readonly examples: readonly ["ERR_POLICY_DENIED", "ERR_CANONICAL_DUPLICATE_KEY"];
    };
    readonly rule: {
        readonly description: "A rule id expected among the decision's ruleIds.";
        readonly examples: readonly ["fs-read-workspace"];
    };
};
