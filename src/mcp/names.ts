/** @module mcp/names: the name policy decides on for each MCP message, and what it evaluates (pure). */
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'
import { decodeHeaderValue } from './header-value.js'
import type { RpcMessage } from './message.js'

/** Every MCP name in a policy starts with this; /v1/tools names cannot contain ':'. */
export const MCP_PREFIX = 'mcp:'

type JsonObject = { [k: string]: JsonValue }

/**
 * What a message is, for policy and for the binding. The name is `mcp:{server}/{method}`, and for
 * the two named methods `mcp:{server}/tools/call/{tool}` and `mcp:{server}/prompts/get/{prompt}`:
 * the server comes first, so one tool name on two servers is two names, and names are compared
 * exactly as written (MCP 2025-11-25 tool names are case-sensitive). A client's response to a
 * server's request is `mcp:{server}/response`; the transport's GET stream and DELETE are
 * `mcp:{server}/stream` and `mcp:{server}/session/delete`.
 */
export interface McpSubject {
  /** The name after `mcp:{server}`, starting with `/`, e.g. `/tools/call/echo`. */
  suffix: string
  /** The JSON-RPC method, or 'response', 'stream', 'session/delete'. */
  method: string
  /** What policy evaluates: a call's arguments, a resource read's params, any other params. */
  value: JsonObject
  /** The tool or prompt name, or the resource URI (what an Mcp-Name header must equal). */
  name?: string
  /** True for tools/call, prompts/get and resources/read: these are always decided by policy. */
  named: boolean
}

// MCP 2025-11-25 §tools: names SHOULD be 1-128 of [A-Za-z0-9_.-]; printable ASCII is what a signed header can carry.
const NAME = /^[\x21-\x7e]{1,128}$/
/** Methods whose plain name `/{method}` would be the name of a response or of the transport's GET or DELETE. */
export const RESERVED_METHODS: ReadonlySet<string> = new Set(['response', 'stream', 'session/delete'])
/** Method prefixes whose plain name would be the name of a tools/call or a prompts/get. */
export const NAMED_PREFIXES: readonly string[] = ['tools/call/', 'prompts/get/']

function objectOr(v: JsonValue | undefined, what: string): JsonObject {
  if (v === undefined) return {}
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `${what} must be an object`)
  return v
}

function named(params: JsonObject | undefined, key: 'name' | 'uri', method: string): string {
  const v = params?.[key]
  if (typeof v !== 'string') throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `${method} needs a string params.${key}`)
  if (key === 'name' && !NAME.test(v)) throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `${method}: the name must be 1-128 printable ASCII characters without spaces`)
  return v
}

/** The subject of a message posted to an MCP server. */
export function subjectOf(msg: RpcMessage): McpSubject {
  if (msg.kind === 'response') return { suffix: '/response', method: 'response', value: {}, named: false }
  const m = msg.method
  if (m === 'tools/call' || m === 'prompts/get') {
    const name = named(msg.params, 'name', m)
    return { suffix: `/${m}/${name}`, method: m, value: objectOr(msg.params?.['arguments'], `${m} params.arguments`), name, named: true }
  }
  if (m === 'resources/read') {
    const uri = named(msg.params, 'uri', m)
    return { suffix: '/resources/read', method: m, value: { uri }, name: uri, named: true }
  }
  if (!NAME.test(m)) throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', 'the method must be 1-128 printable ASCII characters without spaces')
  // One name, one subject: a method spelled like another subject's name (a response, the stream, a call) is refused.
  if (RESERVED_METHODS.has(m) || NAMED_PREFIXES.some((p) => m.startsWith(p))) {
    throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `the method ${m} would take the name of another subject (docs/binding.md §13.3)`)
  }
  return { suffix: `/${m}`, method: m, value: msg.params ?? {}, named: false }
}

/** The subject of a bodiless transport request: GET opens the server's stream, DELETE ends the session. */
export function transportSubject(httpMethod: 'GET' | 'DELETE'): McpSubject {
  return httpMethod === 'GET'
    ? { suffix: '/stream', method: 'stream', value: {}, named: false }
    : { suffix: '/session/delete', method: 'session/delete', value: {}, named: false }
}

/** The full policy name: `mcp:{server}{suffix}`. */
export function policyName(server: string, subject: Pick<McpSubject, 'suffix'>): string {
  return `${MCP_PREFIX}${server}${subject.suffix}`
}

/** Splits a signed MCP name into server and suffix; undefined when it is not one. */
export function splitPolicyName(name: string): { server: string; suffix: string } | undefined {
  if (!name.startsWith(MCP_PREFIX)) return undefined
  const slash = name.indexOf('/', MCP_PREFIX.length)
  if (slash <= MCP_PREFIX.length) return undefined
  return { server: name.slice(MCP_PREFIX.length, slash), suffix: name.slice(slash) }
}

/** Matches a method against a pass list entry: exact, or a prefix ending in `*` (`notifications/*`). */
export function methodMatches(pattern: string, method: string): boolean {
  return pattern.endsWith('*') ? method.startsWith(pattern.slice(0, -1)) : pattern === method
}

/**
 * Mcp-Method and Mcp-Name (the routing headers of the stateless revision), when present, must say what
 * the body says: Mcp-Method is the message's method (a response has none), Mcp-Name the subject's name
 * (the tool, the prompt or the resource URI; other messages name nothing), compared after decoding a
 * `=?base64?…?=` value (MCP 2026-07-28 streamable-http, Value Encoding). Returns why not, or undefined.
 */
export function routingHeaderConflict(subject: McpSubject, msg: RpcMessage, mcpMethod: string | null, mcpName: string | null): string | undefined {
  if (mcpMethod !== null && (msg.kind === 'response' || mcpMethod !== msg.method)) {
    return `Mcp-Method ${mcpMethod} does not match the body's method ${msg.kind === 'response' ? '(a response)' : msg.method}`
  }
  if (mcpName !== null && (subject.name === undefined || decodeHeaderValue(mcpName) !== subject.name)) {
    return `Mcp-Name ${mcpName} does not match the body's ${subject.name === undefined ? 'message, which names nothing' : `name ${subject.name}`}`
  }
  return undefined
}
