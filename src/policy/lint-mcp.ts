/** @module policy/lint-mcp: `mcp:{server}/…` names in rules, checked against the MCP servers the gate serves and the tools they list. */
import { MCP_PREFIX, NAMED_PREFIXES, RESERVED_METHODS, methodMatches, splitPolicyName } from '../mcp/index.js'
import { closestName, nameHint } from './suggest.js'

/** One MCP server as the gate serves it: its name and the methods that pass it without a decision. */
export interface LintMcpServer {
  readonly name: string
  readonly pass: readonly string[]
}

/** What `mcp:` names are checked against; each part is optional, and a part left out is not checked. */
export interface LintMcp {
  /** The gate's `mcp.servers`: a name's server must be one of them. */
  readonly servers?: readonly LintMcpServer[]
  /** The tools each server is known to list (a live `--mcp NAME=URL`, or its upstream's toolSchemas). */
  readonly tools?: ReadonlyMap<string, readonly string[]>
}

const isPrefix = (t: string): boolean => t.endsWith('*')


/** True when a rule pattern that is not an `mcp:` name could still cover one (`*`, `m*`, `mcp*`). */
export function mayCoverMcp(pattern: string): boolean {
  return isPrefix(pattern) && MCP_PREFIX.startsWith(pattern.slice(0, -1))
}

/** A pattern `mcp:…*`: served when some server's names start with it, or it with a server's name space. */
function prefixFinding(prefix: string, mcp: LintMcp): string | undefined {
  const names = mcp.servers?.map((s) => s.name)
  if (names !== undefined && !names.some((n) => `${MCP_PREFIX}${n}/`.startsWith(prefix) || prefix.startsWith(`${MCP_PREFIX}${n}/`))) {
    const server = /^mcp:([^/]*)/.exec(prefix)?.[1] ?? ''
    return `no MCP server serves a name matching '${prefix}*'${nameHint(closestName(server, names), names, 'mcp.servers')}`
  }
  const call = /^mcp:([^/]+)\/tools\/call\/(.*)$/.exec(prefix)
  const listed = call === null ? undefined : mcp.tools?.get(call[1] ?? '')
  if (call === null || listed === undefined || listed.some((t) => t.startsWith(call[2] ?? ''))) return undefined
  return `MCP server '${call[1]}' lists no tool matching '${call[2]}*'${nameHint(undefined, listed, 'its tools')}`
}

/**
 * Why an `mcp:` name in a rule can never decide anything, or undefined. Its server must be one the
 * gate serves; a tools/call's tool one the server lists (when its list is known); a tools/call or
 * prompts/get is always named with its tool or prompt; and a method that passes without a decision
 * (the server's `pass` list, a client's response, the GET stream, the DELETE) is never decided by
 * any rule (docs/mcp.md, How policy names an MCP message).
 */
export function mcpNameFinding(name: string, mcp: LintMcp): string | undefined {
  if (isPrefix(name)) return prefixFinding(name.slice(0, -1), mcp)
  const split = splitPolicyName(name)
  if (split === undefined) return `'${name}' is not an MCP name: write mcp:{server}/{method}, e.g. mcp:fs/tools/call/read_file`
  const { server, suffix } = split
  const names = mcp.servers?.map((s) => s.name)
  const known = mcp.servers?.find((s) => s.name === server)
  if (names !== undefined && known === undefined) {
    return `no MCP server '${server}' (mcp.servers)${nameHint(closestName(server, names), names, 'mcp.servers')}`
  }
  const method = suffix.slice(1)
  if (method === 'tools/call' || method === 'prompts/get') return `'${name}' never matches: a ${method} is named ${name}/{${method === 'tools/call' ? 'tool' : 'prompt'}}`
  const call = /^tools\/call\/(.+)$/.exec(method)
  if (call !== null) {
    const listed = mcp.tools?.get(server)
    const tool = call[1] ?? ''
    if (listed !== undefined && !listed.includes(tool)) return `MCP server '${server}' does not list tool '${tool}'${nameHint(closestName(tool, listed), listed, 'its tools')}`
    return undefined
  }
  if (NAMED_PREFIXES.some((p) => method.startsWith(p)) || method === 'resources/read') return undefined
  if (RESERVED_METHODS.has(method)) return `'${name}' always passes without a decision (a client's response, the GET stream and DELETE are never decided): no rule decides it`
  if (known !== undefined && known.pass.some((p) => methodMatches(p, method))) {
    return `'${name}' passes without a decision (mcp.servers[].pass of '${server}'): no rule decides it`
  }
  return undefined
}
