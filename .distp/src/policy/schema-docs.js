/** @module policy/schema-docs: what each key and operator of a policy file means, with examples, for editors' hover. */
/** The keys of a policy file. */
export const FILE_DOCS = {
    $schema: { description: 'Where editors find this JSON Schema; ignored by Verbatim.', examples: ['../docs/policy.schema.json'] },
    version: { description: 'The policy language version; only 1 exists.', examples: [1] },
    rules: {
        description: 'The rules of this file. Cedar semantics: no match is a deny, and any matching deny beats every allow. May be left out in a file that holds only tests.',
        examples: [[{ id: 'fs-read-workspace', effect: 'allow', agents: ['coder'], tools: ['fs.read'], when: [{ pointer: '/path', pathUnder: '/workspace' }] }]],
    },
    tests: {
        description: 'Cases that `verbatim policy test` runs against every file given to it, as the gate would decide them. Not part of the policy digest.',
        examples: [[{ name: 'reads a workspace file', agent: 'coder', tool: 'fs.read', args: { path: '/workspace/a.ts' }, decision: 'allow' }]],
    },
};
/** The keys of a rule. */
export const RULE_DOCS = {
    id: { description: 'A unique id across every policy file: letters, digits, _ . : -, starting with a letter or digit. Decisions name the rules that decided by id.', examples: ['fs-read-workspace', 'secrets:deny-env'] },
    description: { description: 'Free text for people; not part of the digest.', examples: ['Both agents may read files in the workspace.'] },
    effect: { description: 'allow or deny. A call is allowed when an allow rule matches and no deny rule does.', examples: ['allow', 'deny'] },
    agents: { description: 'The agent ids this rule covers (as verbatim.yaml names them), or "*" for every agent.', examples: [['coder', 'reviewer'], ['*']] },
    tools: { description: 'The tools this rule covers: exact names as in POST /v1/tools/{tool}, or a prefix ending in * (fs.* covers fs.read; a lone * covers every tool).', examples: [['fs.read', 'fs.list'], ['fs.*']] },
    when: { description: 'Conditions on the canonical arguments; the rule matches only when every one holds. Leave out for "always".', examples: [[{ pointer: '/path', pathUnder: '/workspace' }, { pointer: '/content', maxBytes: 65536 }]] },
};
/** `pointer` and each operator of a condition. */
export const CONDITION_DOCS = {
    pointer: { description: 'A JSON Pointer (RFC 6901) to the value the operator tests: "" is the whole value, /argv/0 the first element, /a~1b the key a/b. Required for every operator but allOf, anyOf and not, where it makes the children\'s pointers relative.', examples: ['/path', '/argv/0', ''] },
    equals: { description: 'Holds when the value equals this JSON value (object key order ignored, numbers by value).', examples: ['GET', 3, { a: 1 }] },
    in: { description: 'Holds when the value equals one of the list.', examples: [['ls', 'cat', 'git']] },
    notIn: { description: 'Holds when the value exists and equals none of the list.', examples: [['exec', 'sudo']] },
    exists: { description: 'exists: true holds when the value exists (null counts as existing).', examples: [true] },
    absent: { description: 'absent: true holds when the value does not exist.', examples: [true] },
    type: { description: 'Holds when the value has this JSON type; integer is a number with no fraction.', examples: ['string', 'array', 'integer'] },
    min: { description: 'Holds when the value is a number of at least this (inclusive).', examples: [1] },
    max: { description: 'Holds when the value is a number of at most this (inclusive).', examples: [600000] },
    minLength: { description: 'Holds when the value is a string of at least N Unicode code points (characters, not bytes).', examples: [1] },
    maxLength: { description: 'Holds when the value is a string of at most N Unicode code points (characters, not bytes: "😀" is 1). For a size limit use maxBytes.', examples: [256] },
    minBytes: { description: 'Holds when the value is a string of at least N bytes in UTF-8 ("é" is 2 bytes, "😀" is 4).', examples: [1] },
    maxBytes: { description: 'Holds when the value is a string of at most N bytes in UTF-8, the size the executor writes ("é" is 2 bytes, "😀" is 4; an escape such as \\n counts as the 1 byte it denotes).', examples: [65536, 1048576] },
    maxItems: { description: 'Holds when the value is an array of at most N elements.', examples: [64] },
    prefix: { description: 'Holds when the value is a string that starts with this text.', examples: ['https://'] },
    pattern: { description: 'Holds when the value is a string in which this RE2 pattern finds a match (search; anchor with ^…$). Linear time: no pattern can stall the gate.', examples: ['^feature/[a-z0-9-]+$', '(^|/)\\.env$'] },
    pathUnder: { description: 'Holds when the value is a canonical absolute path equal to or under this canonical base: /workspace/../etc, //workspace and /workspace/a/ are not.', examples: ['/workspace'] },
    urlHost: { description: 'Holds when the value is a canonical URL (new URL(v).href === v, no userinfo) whose host is this host or one of the list, spelled as a canonical URL spells it.', examples: ['api.github.com', ['api.github.com', 'docs.python.org']] },
    each: { description: 'Holds when the value is an array and the child condition holds for every element (true for []); the child\'s pointers are relative to the element.', examples: [{ pointer: '', type: 'string' }] },
    allOf: { description: 'Holds when every child holds.', examples: [[{ pointer: '/n', min: 1 }, { pointer: '/n', max: 9 }]] },
    anyOf: { description: 'Holds when at least one child holds.', examples: [[{ pointer: '/method', absent: true }, { pointer: '/method', in: ['GET', 'HEAD'] }]] },
    not: { description: 'Holds when the child does not hold (give not a pointer to make it false when that value is missing).', examples: [{ pointer: '/argv/0', equals: 'rm' }] },
};
/** The keys of a test case. */
export const TEST_DOCS = {
    name: { description: 'Printed on the case\'s pass/FAIL line.', examples: ['coder reads a workspace file'] },
    agent: { description: 'The authenticated agent id of the call.', examples: ['coder'] },
    tool: { description: 'The tool of the call, as in POST /v1/tools/{tool}.', examples: ['fs.read'] },
    args: { description: 'The arguments as a JSON value; serialised, then read as the gate reads a body. Give args or raw.', examples: [{ path: '/workspace/a.ts' }] },
    raw: { description: 'The exact body, as a string whose UTF-8 bytes are sent (for duplicate keys and other byte-level cases). Give args or raw.', examples: ['{"path":"/workspace/a","path":"/etc/passwd"}'] },
    decision: { description: 'What the gate must do: allow, deny, or reject (the gate refuses the body before any rule sees it; give its code).', examples: ['allow', 'deny', 'reject'] },
    code: { description: 'The expected code: required with reject; with deny, ERR_POLICY_DENIED or ERR_POLICY_NO_MATCH.', examples: ['ERR_POLICY_DENIED', 'ERR_CANONICAL_DUPLICATE_KEY'] },
    rule: { description: 'A rule id expected among the decision\'s ruleIds.', examples: ['fs-read-workspace'] },
};
//# sourceMappingURL=schema-docs.js.map