/**
 * `mcp:{server}/…` names in rules (issue 21 item 6): checked against the gate's mcp.servers and the
 * tools each server lists, never against /v1/tools routes; a misspelt server, tool or pointer is
 * reported at its place with the close name.
 */
import { describe, expect, it } from 'vitest'
import type { JsonValue, LintContext, ToolSchema } from '../../src/policy/index.js'
import { lintPolicy, mcpToolNames } from '../../src/policy/index.js'
import { DEFAULT_MCP_PASS } from '../../src/config/index.js'

const ctx = (tools: ToolSchema[] = []): LintContext => ({
  agents: ['coder'],
  routes: [{ tools: ['fs.*'], upstream: 'sandbox' }],
  mcp: { servers: [{ name: 'fs', pass: [...DEFAULT_MCP_PASS] }, { name: 'everything', pass: ['ping'] }], tools: new Map([['fs', tools.map((t) => t.name)]]) },
  tools: mcpToolNames('fs', tools),
})
const tool = (name: string, inputSchema: JsonValue): ToolSchema => ({ name, inputSchema, source: 'http://127.0.0.1:3001/mcp' })
const READ = tool('read_text_file', { type: 'object', properties: { path: { type: 'string' }, head: { type: 'integer' } }, required: ['path'] })
const WRITE = tool('write_file', { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } })

function lint(tools: string[], context: LintContext, when?: unknown): string[] {
  const rule = { id: 'r', effect: 'allow', agents: ['coder'], tools, ...(when === undefined ? {} : { when }) }
  return lintPolicy([{ path: 'p.yaml', text: `rules:\n  - ${JSON.stringify(rule)}\n` }], context).map((f) => f.message)
}

describe('lintPolicy: mcp: names', () => {
  it('takes a name of a configured server for served, not as a tool no route serves', () => {
    // Before: rules.0.tools.0: no route serves tool 'mcp:fs/tools/call/read_text_file' (and the gate logged it at every start).
    expect(lint(['mcp:fs/tools/call/read_text_file', 'mcp:everything/tools/call/echo', 'mcp:fs/resources/read', 'mcp:fs/logging/setLevel', 'mcp:fs/*', 'mcp:*', '*'], ctx([READ]))).toEqual([])
  })

  it('reports a server no mcp.servers entry names, with the close one', () => {
    expect(lint(['mcp:fss/tools/call/read_text_file', 'mcp:github/tools/call/x'], ctx())).toEqual([
      "rules.0.tools.0: no MCP server 'fss' (mcp.servers); did you mean 'fs'?",
      "rules.0.tools.1: no MCP server 'github' (mcp.servers) (mcp.servers: fs, everything)",
    ])
    expect(lint(['mcp:gh*'], ctx())).toEqual(["rules.0.tools.0: no MCP server serves a name matching 'mcp:gh*' (mcp.servers: fs, everything)"])
  })

  it('reports a tool the server does not list, with the close one, when its list is known', () => {
    expect(lint(['mcp:fs/tools/call/read_txt_file', 'mcp:fs/tools/call/write*', 'mcp:fs/tools/call/del*'], ctx([READ, WRITE]))).toEqual([
      "rules.0.tools.0: MCP server 'fs' does not list tool 'read_txt_file'; did you mean 'read_text_file'?",
      "rules.0.tools.2: MCP server 'fs' lists no tool matching 'del*' (its tools: read_text_file, write_file)",
    ])
    // The tools of a server whose list is not known are not checked.
    expect(lint(['mcp:everything/tools/call/anything'], ctx([READ]))).toEqual([])
  })

  it('reports a name that never decides: a method that passes, a call without its tool', () => {
    expect(lint(['mcp:fs/tools/list', 'mcp:everything/ping', 'mcp:fs/response', 'mcp:fs/tools/call'], ctx())).toEqual([
      "rules.0.tools.0: 'mcp:fs/tools/list' passes without a decision (mcp.servers[].pass of 'fs'): no rule decides it",
      "rules.0.tools.1: 'mcp:everything/ping' passes without a decision (mcp.servers[].pass of 'everything'): no rule decides it",
      "rules.0.tools.2: 'mcp:fs/response' always passes without a decision (a client's response, the GET stream and DELETE are never decided): no rule decides it",
      "rules.0.tools.3: 'mcp:fs/tools/call' never matches: a tools/call is named mcp:fs/tools/call/{tool}",
    ])
    // everything's pass list does not hold tools/list: a rule decides it there.
    expect(lint(['mcp:everything/tools/list'], ctx())).toEqual([])
  })

  it("checks a rule's pointers against the server's input schema, with the close pointer", () => {
    expect(lint(['mcp:fs/tools/call/read_text_file'], ctx([READ]), [{ pointer: '/pth', pathUnder: '/srv' }, { pointer: '/head', type: 'string' }])).toEqual([
      "rules.0.when.0.pointer: '/pth' is not in the input schema of mcp:fs/tools/call/read_text_file: the input has no \"pth\"; did you mean '/path'?",
      'rules.0.when.1.type: type string contradicts the input schema of mcp:fs/tools/call/read_text_file, where \'/head\' is integer',
    ])
  })

  it('still reports a /v1/tools name no route serves beside mcp: names', () => {
    expect(lint(['mcp:fs/tools/call/read_text_file', 'shell.exec'], ctx([READ]))).toEqual(["rules.0.tools.1: no route serves tool 'shell.exec'"])
  })
})
