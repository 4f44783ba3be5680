/** @module policy/schema-docs: what each key and operator of a policy file means, with examples, for editors' hover. */

/** One key's hover text and examples, as the JSON Schema carries them. */
export interface KeyDoc { readonly description: string; readonly examples: readonly unknown[] }

/** The keys of a policy file. */
export const FILE_DOCS = {
  $schema: { description: 'Where editors find this JSON Schema; ignored by Verbatim.', examples: ['../docs/policy.schema.json'] },
  version: { description: 'The policy language version; only 1 exists.', examples: [1] },
  groups: {
    description: 'Agent groups, shared by every policy file of the set: a rule names one as "group:NAME" in agents. Each group is defined once across all files; a group holds agent ids.',
    examples: [{ reviewers: ['reviewer', 'auditor'] }],
  },
  rules: {
    description: 'The rules of this file. Cedar semantics: no match is a deny, and any matching deny beats every allow. May be left out in a file that holds only tests.',
    examples: [[{ id: 'fs-read-workspace', effect: 'allow', agents: ['coder'], tools: ['fs.read'], when: [{ pointer: '/path', pathUnder: '/workspace' }] }]],
  },
  tests: {
    description: 'Cases that `verbatim policy test` runs against every file given to it, as the gate would decide them. Not part of the policy digest.',
    examples: [[{ name: 'reads a workspace file', agent: 'coder', tool: 'fs.read', args: { path: '/workspace/a.ts' }, decision: 'allow' }]],
  },
} as const satisfies Record<string, KeyDoc>

/** The keys of a rule. */
export const RULE_DOCS = {
  id: { description: 'A unique id across every policy file: letters, digits, _ . : -, starting with a letter or digit. Decisions name the rules that decided by id.', examples: ['fs-read-workspace', 'secrets:deny-env'] },
  description: { description: 'Free text for people; not part of the digest.', examples: ['Both agents may read files in the workspace.'] },
  effect: { description: 'allow, ask or deny. A call is allowed when an allow rule matches and no ask or deny rule does; it waits for a person\'s approval when an ask rule matches and no deny rule does (docs/approvals.md).', examples: ['allow', 'ask', 'deny'] },
  agents: { description: 'The agent ids this rule covers (as verbatim.yaml names them), "group:NAME" for every agent of a group, or "*" for every agent.', examples: [['coder', 'reviewer'], ['group:reviewers'], ['*']] },
  tools: { description: 'The tools this rule covers: exact names as in POST /v1/tools/{tool}, or a prefix ending in * (fs.* covers fs.read; a lone * covers every tool).', examples: [['fs.read', 'fs.list'], ['fs.*']] },
  when: { description: 'Conditions on the canonical arguments; the rule matches only when every one holds. Leave out for "always".', examples: [[{ pointer: '/path', pathUnder: '/workspace' }, { pointer: '/content', maxBytes: 65536 }]] },
  approval: {
    description: 'An ask rule\'s approval (required with effect: ask, refused otherwise): group, an approver group of verbatim.yaml approvals.groups; approvers, how many distinct people of it approve (default 1, at most 5); validSeconds, how long the approval stays valid from the call that asked (default 900); reason, one line shown to the approver.',
    examples: [{ group: 'oncall', approvers: 2, validSeconds: 600, reason: 'shell commands run on the build host' }],
  },
  message: { description: 'A deny rule\'s message to the agent, in place of the conditions that held (which quote its arguments): what to do instead. Static text, one line, at most 500 characters.', examples: ['Write under /workspace/out; the rest of the workspace is read-only.'] },
} as const satisfies Record<string, KeyDoc>

/** `pointer` and each operator of a condition. */
export const CONDITION_DOCS = {
  pointer: { description: 'A JSON Pointer (RFC 6901) to the value the operator tests: "" is the whole value, /argv/0 the first element, /a~1b the key a/b. Required for every operator but allOf, anyOf and not, where it makes the children\'s pointers relative.', examples: ['/path', '/argv/0', ''] },
  ignoreKeyCase: { description: 'Match the pointer\'s object keys without case (Unicode simple case folding, as the strict parser folds keys): /headers/authorization reaches Authorization. Two keys that fold alike make the condition refused.', examples: [true] },
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
  pathUnder: { description: 'Holds when the value is a canonical absolute path equal to or under a root: /workspace/../etc, //workspace and /workspace/a/ are not. One root, a list, or { roots, relativeTo: a pointer to the folder a relative value is in, caseInsensitive }.', examples: ['/workspace', ['/workspace', '/tmp/build'], { roots: ['/workspace'], relativeTo: '/cwd' }] },
  urlHost: { description: 'Holds when the value is a canonical URL (new URL(v).href === v, no userinfo) whose host is one of these: a host as a canonical URL spells it (with a port when not the default), or *.domain for any host below it (never the domain itself; a public suffix such as *.co.uk is refused).', examples: ['api.github.com', ['*.github.com', 'docs.python.org']] },
  url: { description: 'Holds when the value is a canonical URL with an allowed scheme (default https), host (exact or *.domain) and port (default: the scheme\'s own), and its when conditions hold on { scheme, host, port, path, query }.', examples: [{ hosts: ['*.github.com'], when: [{ pointer: '/query/token', absent: true }] }] },
  shell: { description: 'Holds when the value is a shell command string that bash and a POSIX sh both read as the same simple commands, using only the constructs in allow, and each / some hold on the commands ({ name, program, builtin, argv, args, flags, operands, paths, redirects, assigns }).', examples: [{ cwd: '/cwd', each: { pointer: '/program', in: ['ls', 'cat', 'git'] } }] },
  sql: { description: 'Holds when the value is one PostgreSQL statement, parsed by PostgreSQL\'s own parser, of an allowed kind, naming only allowed tables and calling only allowed functions. A parse error is refused.', examples: [{ readOnly: true, tables: ['public.orders'] }] },
  each: { description: 'Holds when the value is an array and the child condition holds for every element (true for []); the child\'s pointers are relative to the element.', examples: [{ pointer: '', type: 'string' }] },
  some: { description: 'Holds when the value is an array and the child condition holds for at least one element (false for []).', examples: [{ pointer: '', pattern: '(^|/)\\.env$' }] },
  eachMember: { description: 'Holds when the value is an object and the child holds for every member, seen as { key, value } (true for {}).', examples: [{ pointer: '/value', type: 'string' }] },
  someMember: { description: 'Holds when the value is an object and the child holds for at least one member, seen as { key, value } (false for {}).', examples: [{ pointer: '/key', pattern: '(?i)^x-internal-' }] },
  allOf: { description: 'Holds when every child holds.', examples: [[{ pointer: '/n', min: 1 }, { pointer: '/n', max: 9 }]] },
  anyOf: { description: 'Holds when at least one child holds.', examples: [[{ pointer: '/method', absent: true }, { pointer: '/method', in: ['GET', 'HEAD'] }]] },
  not: { description: 'Holds when the child does not hold (give not a pointer to make it false when that value is missing).', examples: [{ pointer: '/argv/0', equals: 'rm' }] },
} as const satisfies Record<string, KeyDoc>

/** The keys of a test case. */
export const TEST_DOCS = {
  name: { description: 'Printed on the case\'s pass/FAIL line.', examples: ['coder reads a workspace file'] },
  agent: { description: 'The authenticated agent id of the call.', examples: ['coder'] },
  tool: { description: 'The tool of the call, as in POST /v1/tools/{tool}.', examples: ['fs.read'] },
  args: { description: 'The arguments as a JSON value; serialised, then read as the gate reads a body. Give args or raw.', examples: [{ path: '/workspace/a.ts' }] },
  raw: { description: 'The exact body, as a string whose UTF-8 bytes are sent (for duplicate keys and other byte-level cases). Give args or raw.', examples: ['{"path":"/workspace/a","path":"/etc/passwd"}'] },
  decision: { description: 'What the gate must do: allow, ask (a person must approve), deny, or reject (the gate refuses the body before any rule sees it; give its code).', examples: ['allow', 'ask', 'deny', 'reject'] },
  code: { description: 'The expected code: required with reject; with deny, ERR_POLICY_DENIED or ERR_POLICY_NO_MATCH.', examples: ['ERR_POLICY_DENIED', 'ERR_CANONICAL_DUPLICATE_KEY'] },
  rule: { description: 'A rule id expected among the decision\'s ruleIds.', examples: ['fs-read-workspace'] },
} as const satisfies Record<string, KeyDoc>

/** The keys of pathUnder's object form. */
export const PATH_DOCS = {
  roots: { description: 'Canonical absolute folders; the value must be one of them or under one.', examples: [['/workspace', '/tmp/build']] },
  relativeTo: { description: 'A pointer, from the top of the arguments, to the canonical absolute folder a relative value is in (its cwd). "." is that folder; ".." is refused, as symlinks decide it.', examples: ['/cwd'] },
  caseInsensitive: { description: 'For a case-insensitive file system: ASCII letters compare without case; a value with other letters is refused, as each such file system folds them its own way.', examples: [true] },
} as const satisfies Record<string, KeyDoc>

/** The keys of the shell operator. */
export const SHELL_DOCS = {
  cwd: { description: 'A pointer, from the top of the arguments, to the command\'s working directory (a canonical absolute path): relative operands and programs are resolved against it into paths.', examples: ['/cwd'] },
  allow: { description: 'The constructs the rule allows; every other one is refused: sequence, and, or, pipe, background, negation, subshell, group, redirect, heredoc, assignment, declaration, function, compound, parameter, command-substitution, arithmetic, process-substitution, glob, brace, tilde, dollar-quote, hidden-characters.', examples: [['pipe', 'and']] },
  each: { description: 'A condition every simple command must meet, with pointers into { name, program, builtin, argv, args, flags, operands, paths, redirects, assigns }.', examples: [{ pointer: '/program', in: ['ls', 'cat'] }] },
  some: { description: 'A condition at least one simple command must meet (for a deny: "some command is rm").', examples: [{ pointer: '/name', equals: 'rm' }] },
} as const satisfies Record<string, KeyDoc>

/** The keys of the sql operator. */
export const SQL_DOCS = {
  dialect: { description: 'The SQL dialect; PostgreSQL (its own parser, libpg_query) is the one there is.', examples: ['postgresql'] },
  readOnly: { description: 'One plain SELECT (or a WITH of SELECTs): no INTO, no FOR UPDATE/SHARE, no data-modifying WITH, no schema-qualified OPERATOR(), and only functions in functions (default: a built-in list of read-only ones). Functions that write, lock, wait or reach outside are never allowed.', examples: [true] },
  statements: { description: 'The statement kinds allowed, nested ones included (default: select).', examples: [['select', 'insert']] },
  tables: { description: 'The tables a query may name, as the parser spells them (unquoted names in lower case): schema.table, or table for an unqualified reference. A WITH query is not a table.', examples: [['public.orders', 'public.customers']] },
  schemas: { description: 'Schemas any of whose tables a query may name, when qualified (schema.table).', examples: [['reporting']] },
  functions: { description: 'The functions a query may call, as it spells them (name or schema.name).', examples: [['count', 'lower', 'date_trunc']] },
} as const satisfies Record<string, KeyDoc>

/** The keys of the url operator. */
export const URL_DOCS = {
  schemes: { description: 'Allowed schemes, lower case (default: https).', examples: [['https']] },
  hosts: { description: 'Host patterns without ports: a host as a canonical URL spells it, or *.domain for any host below it. A public suffix (*.co.uk, *.github.io) is refused.', examples: [['*.github.com', 'docs.python.org']] },
  ports: { description: 'Allowed port numbers; the scheme\'s default port (443 for https) admits a URL with no port (default: only that).', examples: [[443, 8443]] },
  when: { description: 'Conditions on { scheme, host, port, path, query }: query is an object of parameter values, refused when it has no one meaning (a name twice, "+", ";", no "=").', examples: [[{ pointer: '/query/token', absent: true }]] },
} as const satisfies Record<string, KeyDoc>
