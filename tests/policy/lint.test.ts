import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import type { JsonValue, LintContext, ToolSchema } from '../../src/policy/index.js'
import { lintPolicy } from '../../src/policy/index.js'

/**
 * Findings for rules written one per line in a YAML flow list, each as "@token: message", where
 * token is the source text at the finding's file:line:col: so each place is asserted too.
 */
function lint(rules: Record<string, unknown>[], context: LintContext): string[] {
  const text = `rules:\n${rules.map((r) => `  - ${stringify(r, { collectionStyle: 'flow', lineWidth: 0 }).trim()}\n`).join('')}`
  const source = text.split('\n')
  return lintPolicy([{ path: 'p.yaml', text }], context).map((f) => {
    expect(f.file).toBe('p.yaml')
    const token = /^[^,}\] ]*/.exec((source[f.line - 1] ?? '').slice(f.col - 1))?.[0]
    return `@${token}: ${f.message}`
  })
}

const rule = (over: Record<string, unknown>): Record<string, unknown> => ({ id: 'r', effect: 'allow', agents: ['coder'], tools: ['fs.read'], ...over })
const tool = (name: string, inputSchema: JsonValue): ToolSchema => ({ name, inputSchema, source: 'test' })
const FS_READ = tool('fs.read', { type: 'object', properties: { path: { type: 'string' }, encoding: { enum: ['utf8', 'base64'] } }, required: ['path'] })
const SHELL = tool('shell.exec', { type: 'object', properties: { argv: { type: 'array', items: { type: 'string' } }, timeoutMs: { type: 'integer' } } })

describe('lintPolicy: agents no one is', () => {
  const ctx: LintContext = { agents: ['coder', 'reviewer'] }

  it('reports an unknown agent at its place, with the close name', () => {
    expect(lint([rule({ agents: ['coder', 'reviwer'] })], ctx)).toEqual([
      "@reviwer: rules.0.agents.1: unknown agent 'reviwer'; did you mean 'reviewer'?",
    ])
  })

  it('lists the agents when no name is close', () => {
    expect(lint([rule({ agents: ['ops-bot'] })], ctx)).toEqual([
      "@ops-bot: rules.0.agents.0: unknown agent 'ops-bot' (agents: coder, reviewer)",
    ])
  })

  it('accepts known agents and "*"', () => {
    expect(lint([rule({ agents: ['coder', 'reviewer'] }), rule({ id: 'all', agents: ['*'] })], ctx)).toEqual([])
  })

  it('takes a group for its members, and reports a member no agent is at the group, not at the rule', () => {
    const text = 'groups:\n  analysts: [coder, reviwer]\nrules:\n  - { id: r, effect: allow, agents: ["group:analysts"], tools: [fs.read] }\n'
    expect(lintPolicy([{ path: 'p.yaml', text }], ctx).map((f) => `${f.line}:${f.col}: ${f.message}`)).toEqual([
      "2:21: groups.analysts.1: unknown agent 'reviwer'; did you mean 'reviewer'?",
    ])
    expect(lintPolicy([{ path: 'p.yaml', text: text.replace('reviwer', 'reviewer') }], ctx)).toEqual([])
  })
})

describe('lintPolicy: tools no route serves', () => {
  const ctx: LintContext = {
    routes: [{ tools: ['fs.*', 'shell.exec'], upstream: 'sandbox' }, { tools: ['http.fetch'], upstream: 'web' }],
    upstreamTools: new Map([['web', ['http.fetch']]]),
  }

  it('reports an exact tool no route serves, with the close routed name', () => {
    expect(lint([rule({ tools: ['shell.exce'] })], ctx)).toEqual([
      "@shell.exce: rules.0.tools.0: no route serves tool 'shell.exce'; did you mean 'shell.exec'?",
    ])
  })

  it('reports a prefix that no route can serve, with the close route prefix', () => {
    expect(lint([rule({ tools: ['sf.*'] })], ctx)).toEqual([
      "@sf.*: rules.0.tools.0: no route serves a tool matching 'sf.*'; did you mean 'fs.*'?",
    ])
  })

  it('reports a tool routed to an upstream whose declared list lacks it', () => {
    const c: LintContext = { ...ctx, routes: [{ tools: ['http.*'], upstream: 'web' }] }
    expect(lint([rule({ tools: ['http.fecth'] })], c)).toEqual([
      "@http.fecth: rules.0.tools.0: upstream 'web' does not list tool 'http.fecth'; did you mean 'http.fetch'?",
    ])
  })

  it('accepts routed names, prefixes that overlap a route, "*", and the names of known tool schemas', () => {
    const c: LintContext = { ...ctx, tools: [tool('mcp.search', {})] }
    expect(lint([rule({ tools: ['fs.read', 'fs.x.y', 'shell.exec', 'http.fetch', 'f*', 'fs.deep.*', '*', 'mcp.search'] })], c)).toEqual([])
  })

  it('checks nothing about tools without routes in the context', () => {
    expect(lint([rule({ tools: ['anything'] })], { agents: ['coder'] })).toEqual([])
  })
})

describe('lintPolicy: conditions against a tool\'s input schema', () => {
  const ctx: LintContext = { tools: [FS_READ, SHELL] }

  it('reports a pointer the schema lacks, with the declared key that is close', () => {
    expect(lint([rule({ when: [{ pointer: '/pth', pathUnder: '/workspace' }] })], ctx)).toEqual([
      "@/pth: rules.0.when.0.pointer: '/pth' is not in the input schema of fs.read: the input has no \"pth\"; did you mean '/path'?",
    ])
  })

  it('reports an operator that does not fit the type at the pointer', () => {
    expect(lint([rule({ tools: ['shell.exec'], when: [{ pointer: '/argv', pathUnder: '/workspace' }, { pointer: '/timeoutMs', maxItems: 3 }] })], ctx)).toEqual([
      "@/workspace: rules.0.when.0.pathUnder: pathUnder needs a string, but '/argv' is array in the input schema of shell.exec",
      "@3: rules.0.when.1.maxItems: maxItems needs an array, but '/timeoutMs' is integer in the input schema of shell.exec",
    ])
  })

  it('reports a type condition that contradicts the schema', () => {
    expect(lint([rule({ tools: ['shell.exec'], when: [{ pointer: '/argv', type: 'string' }] })], ctx)).toEqual([
      "@string: rules.0.when.0.type: type string contradicts the input schema of shell.exec, where '/argv' is array",
    ])
  })

  it('reports equals and in values that the schema\'s enum does not allow', () => {
    expect(lint([rule({ when: [{ pointer: '/encoding', in: ['UTF-8', 'hex'] }] })], ctx)).toEqual([
      "@[: rules.0.when.0.in: none of [\"UTF-8\",\"hex\"] is allowed by the input schema of fs.read, where '/encoding' is one of \"utf8\", \"base64\"",
    ])
  })

  it('follows each into the items schema', () => {
    expect(lint([rule({ tools: ['shell.exec'], when: [{ pointer: '/argv', each: { pointer: '', min: 1 } }] })], ctx)).toEqual([
      "@1: rules.0.when.0.each.min: min needs a number, but '/argv/*' is string in the input schema of shell.exec",
    ])
  })

  it('accepts conditions that fit: pointers, operators, types and values', () => {
    expect(lint([
      rule({ when: [{ pointer: '/path', pathUnder: '/workspace' }, { pointer: '/path', maxBytes: 4096 }, { pointer: '/encoding', equals: 'utf8' }, { pointer: '/encoding', absent: true }] }),
      rule({ id: 's', tools: ['shell.exec'], when: [{ pointer: '/argv', type: 'array' }, { pointer: '/argv', maxItems: 8 }, { pointer: '/argv/0', in: ['ls'] }, { pointer: '/timeoutMs', type: 'number' }, { pointer: '/timeoutMs', max: 60000 }] }),
    ], ctx)).toEqual([])
  })

  it('reports a branch of anyOf only when it fits none of the rule\'s tools', () => {
    const either = { anyOf: [{ pointer: '/path', prefix: '/tmp' }, { pointer: '/argv/0', equals: 'ls' }] }
    expect(lint([rule({ tools: ['fs.read', 'shell.exec'], when: [either] })], ctx)).toEqual([])
    expect(lint([rule({ tools: ['fs.read'], when: [either] })], ctx)).toEqual([
      "@/argv/0: rules.0.when.0.anyOf.1.pointer: '/argv/0' is not in the input schema of fs.read: the input has no \"argv\"",
    ])
  })

  it('reports a condition that must hold for each tool the rule names and the condition rules out', () => {
    expect(lint([rule({ tools: ['fs.read', 'shell.exec'], when: [{ pointer: '/path', type: 'string' }] })], ctx)).toEqual([
      "@/path: rules.0.when.0.pointer: '/path' is not in the input schema of shell.exec: the input has no \"path\"",
    ])
  })

  it('reports a tool that only falls under a prefix when the condition fits none of the covered tools', () => {
    expect(lint([rule({ tools: ['*'], when: [{ pointer: '/path', type: 'string' }] })], ctx)).toEqual([])
    expect(lint([rule({ tools: ['*'], when: [{ pointer: '/nope', type: 'string' }] })], ctx)).toEqual([
      "@/nope: rules.0.when.0.pointer: '/nope' is not in the input schema of fs.read, shell.exec: the input has no \"nope\"",
    ])
  })

  it('checks nothing for a tool without a schema', () => {
    expect(lint([rule({ tools: ['other'], when: [{ pointer: '/anything', maxItems: 1 }] })], ctx)).toEqual([])
  })
})

describe('lintPolicy: sources', () => {
  it('places a finding in a JSON policy at its line and column', () => {
    const text = '{\n  "rules": [\n    { "id": "r", "effect": "allow", "agents": ["codr"], "tools": ["t"] }\n  ]\n}\n'
    expect(lintPolicy([{ path: 'p.json', text }], { agents: ['coder'] })).toEqual([
      { file: 'p.json', line: 3, col: 48, message: "rules.0.agents.0: unknown agent 'codr'; did you mean 'coder'?" },
    ])
  })

  it('checks the rules that are valid in a file that does not load, and orders findings by file', () => {
    const bad = { path: 'a.yaml', text: 'rules:\n  - { id: r1, efect: allow, agents: [codr], tools: [t] }\n  - { id: r2, effect: allow, agents: [codr], tools: [t] }\n' }
    const good = { path: 'b.yaml', text: 'rules:\n  - { id: r3, effect: allow, agents: [codr], tools: [t] }\n' }
    expect(lintPolicy([good, bad], { agents: ['coder'] }).map((f) => `${f.file}:${f.line}`)).toEqual(['b.yaml:2', 'a.yaml:3'])
  })
})

describe('lintPolicy: reading JSON Schemas', () => {
  const check = (inputSchema: JsonValue, when: Record<string, unknown>[]): string[] => lint([rule({ when })], { tools: [tool('fs.read', inputSchema)] }).map((s) => s.replace(/^@[^ ]*: /, ''))

  it('follows local $ref into $defs', () => {
    const s = { type: 'object', properties: { opts: { $ref: '#/$defs/Opts' } }, $defs: { Opts: { type: 'object', properties: { depth: { type: 'integer' } } } } }
    expect(check(s, [{ pointer: '/opts/depth', max: 3 }])).toEqual([])
    expect(check(s, [{ pointer: '/opts/dpeth', max: 3 }])).toEqual([
      "rules.0.when.0.pointer: '/opts/dpeth' is not in the input schema of fs.read: '/opts' has no \"dpeth\"; did you mean '/opts/depth'?",
    ])
  })

  it('takes a location as present when any anyOf or oneOf branch has it', () => {
    const s = { type: 'object', properties: { target: { anyOf: [{ type: 'string' }, { type: 'object', properties: { url: { type: 'string' } } }] } } }
    expect(check(s, [{ pointer: '/target/url', prefix: 'https://' }, { pointer: '/target', type: 'string' }])).toEqual([])
    expect(check(s, [{ pointer: '/target', maxItems: 2 }])).toEqual([
      "rules.0.when.0.maxItems: maxItems needs an array, but '/target' is string or object in the input schema of fs.read",
    ])
  })

  it('combines allOf members', () => {
    const s = { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { properties: { b: { type: 'number' } } }] }
    expect(check(s, [{ pointer: '/a', prefix: 'x' }, { pointer: '/b', min: 0 }])).toEqual([])
  })

  it('admits any key when additionalProperties allows it, and none when a schema declares nothing', () => {
    expect(check({ type: 'object', properties: { a: {} }, additionalProperties: true }, [{ pointer: '/zz', exists: true }])).toEqual([])
    expect(check({ type: 'object', additionalProperties: { type: 'string' } }, [{ pointer: '/zz', min: 1 }])).toEqual([
      "rules.0.when.0.min: min needs a number, but '/zz' is string in the input schema of fs.read",
    ])
    expect(check({ type: 'object' }, [{ pointer: '/zz/yy', maxItems: 1 }])).toEqual([])
  })

  it('matches patternProperties with RE2', () => {
    const s = { type: 'object', patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false }
    expect(check(s, [{ pointer: '/x-trace', prefix: 'a' }])).toEqual([])
    expect(check(s, [{ pointer: '/trace', prefix: 'a' }])).toHaveLength(1)
  })

  it('reads array elements from items and prefixItems, and refuses "-" and non-index tokens', () => {
    const s = { type: 'object', properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] } } }
    expect(check(s, [{ pointer: '/pair/0', prefix: 'a' }, { pointer: '/pair/1', max: 3 }])).toEqual([])
    expect(check(s, [{ pointer: '/pair/1', prefix: 'a' }, { pointer: '/pair/-', exists: true }])).toEqual([
      "rules.0.when.0.prefix: prefix needs a string, but '/pair/1' is integer in the input schema of fs.read",
      "rules.0.when.1.pointer: '/pair/-' is not in the input schema of fs.read: '/pair' has no \"-\"",
    ])
  })

  it('treats integer as a number and number as admitting integers', () => {
    expect(check({ type: 'object', properties: { n: { type: 'number' } } }, [{ pointer: '/n', type: 'integer' }])).toEqual([])
    expect(check({ type: 'object', properties: { n: { type: 'integer' } } }, [{ pointer: '/n', equals: 1.5 }])).toEqual([
      "rules.0.when.0.equals: 1.5 is not allowed by the input schema of fs.read, where '/n' is integer",
    ])
  })

  it('survives a schema that refers to itself', () => {
    const s = { $ref: '#', type: 'object', properties: { child: { $ref: '#' } } }
    expect(check(s, [{ pointer: '/child/child/child', exists: true }])).toEqual([])
  })
})
