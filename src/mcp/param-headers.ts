/**
 * @module mcp/param-headers: the Mcp-Param-{Name} headers of a 2026-07-28 tools/call, held equal to the arguments
 * they mirror (MCP 2026-07-28 streamable-http, Custom Headers from Tool Parameters; pure).
 */
import type { JsonValue } from '../canonical/index.js'
import { sha256 } from '../canonical/index.js'
import { TOKEN, decodeHeaderValue, renderHeaderScalar } from './header-value.js'

type JsonObject = { [k: string]: JsonValue }

/** Every Mcp-Param-{Name} header starts with this (compared in lowercase: field names are case-insensitive). */
export const PARAM_HEADER_PREFIX = 'mcp-param-'

/** One argument a tool mirrors into a header. */
export interface MirroredArgument {
  /** The header as the schema names it, `Mcp-Param-{x-mcp-header}`. */
  header: string
  /** The chain of `properties` keys from the schema root to the argument. */
  path: readonly string[]
  /** Its JSON Schema type: string, integer or boolean. */
  type: string
}

/** A tool's mirrored arguments by lowercased header name, or why its annotations are invalid (a client drops such a tool). */
export type ToolParamHeaders = { ok: true; byHeader: ReadonlyMap<string, MirroredArgument> } | { ok: false; reason: string }

// JSON Schema 2020-12 applicators: only `properties` keeps the chain of property keys; every other one leaves it.
const SINGLE = new Set(['items', 'contains', 'unevaluatedItems', 'additionalProperties', 'propertyNames', 'unevaluatedProperties', 'not', 'if', 'then', 'else', 'contentSchema'])
const LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems'])
const MAP = new Set(['patternProperties', 'dependentSchemas', '$defs', 'definitions'])
const TYPES = new Set(['string', 'integer', 'boolean'])
/** Schema positions examined at most: a larger schema's annotations are not trusted (fail closed). */
const MAX_POSITIONS = 10_000

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The `x-mcp-header` annotations of a tool's inputSchema (Schema Extension): each on a property
 * reachable from the root through `properties` keys alone, a non-empty RFC 9110 token, unique
 * without regard to case, on a string, integer or boolean property. Any annotation that breaks a
 * rule makes the whole tool's annotations invalid, as a client must then drop the tool.
 */
export function paramHeadersOf(inputSchema: JsonValue | undefined): ToolParamHeaders {
  const byHeader = new Map<string, MirroredArgument>()
  const stack: Array<[string[] | null, JsonValue]> = [[[], inputSchema ?? {}]]
  for (let seen = 0; stack.length > 0; seen++) {
    if (seen >= MAX_POSITIONS) return { ok: false, reason: `the input schema has more than ${MAX_POSITIONS} schema positions` }
    const [path, node] = stack.pop() as [string[] | null, JsonValue]
    if (!isObject(node)) continue
    if (Object.hasOwn(node, 'x-mcp-header')) {
      const token = node['x-mcp-header']
      const where = path === null || path.length === 0 ? 'a position outside the properties chain' : `property ${path.join('.')}`
      if (path === null || path.length === 0) return { ok: false, reason: `x-mcp-header on ${where}` }
      if (typeof token !== 'string' || !TOKEN.test(token)) return { ok: false, reason: `x-mcp-header of ${where} is not an RFC 9110 token` }
      if (typeof node['type'] !== 'string' || !TYPES.has(node['type'])) return { ok: false, reason: `x-mcp-header on ${where}, which is not a string, integer or boolean` }
      const key = `${PARAM_HEADER_PREFIX}${token.toLowerCase()}`
      if (byHeader.has(key)) return { ok: false, reason: `x-mcp-header ${token} appears twice (case-insensitively)` }
      byHeader.set(key, { header: `Mcp-Param-${token}`, path, type: node['type'] })
    }
    for (const [kw, v] of Object.entries(node)) {
      if (kw === 'properties' && isObject(v)) for (const [name, sub] of Object.entries(v)) stack.push([path === null ? null : [...path, name], sub])
      else if (SINGLE.has(kw)) stack.push([null, v])
      else if (LIST.has(kw) && Array.isArray(v)) for (const sub of v) stack.push([null, sub])
      else if (MAP.has(kw) && isObject(v)) for (const sub of Object.values(v)) stack.push([null, sub])
    }
  }
  return { ok: true, byHeader }
}

function valueAt(args: JsonObject, path: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = args
  for (const key of path) node = isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined
  return node === null ? undefined : node
}

// Server Validation: an integer compares numerically ("42.0" is 42), from a plain decimal header only.
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/
function matches(arg: MirroredArgument, value: JsonValue, rendered: string, decoded: string): boolean {
  if (arg.type === 'integer' && typeof value === 'number' && Number.isSafeInteger(value) && DECIMAL.test(decoded)) {
    const [whole = '', fraction = ''] = decoded.split('.')
    return /^0*$/.test(fraction) && BigInt(whole) === BigInt(value)
  }
  return decoded === rendered
}

/**
 * Why a tools/call's Mcp-Param-* headers do not mirror its arguments, or undefined when they do
 * (Server Validation, the scenario table): each mirrored argument present (not null) and
 * renderable has its header, equal after decoding; an absent one has none; and no header mirrors
 * nothing. `tool` is undefined when the gate has seen no listing of the tool: then no header can
 * be held to an argument, and any is refused (the client lists the tools again and retries).
 */
export function paramHeaderConflict(tool: ToolParamHeaders | undefined, name: string, args: JsonObject, headers: ReadonlyArray<readonly [string, string]>): string | undefined {
  if (tool === undefined || !tool.ok) {
    if (headers.length === 0) return undefined
    const why = tool === undefined ? `no tools/list entry of tool ${name} has reached this gate` : `the x-mcp-header annotations of tool ${name} are invalid (${tool.reason})`
    return `${headers[0]?.[0]} cannot be held to an argument: ${why}; list the tools and retry`
  }
  const given = new Map(headers)
  for (const [h] of headers) if (!tool.byHeader.has(h)) return `${h} mirrors no argument of tool ${name}`
  for (const [key, arg] of tool.byHeader) {
    const raw = given.get(key)
    const value = valueAt(args, arg.path)
    const rendered = renderHeaderScalar(value)
    if (rendered === undefined || value === undefined) {
      if (raw !== undefined) return `${arg.header} is present, but argument ${arg.path.join('.')} is ${value === undefined ? 'absent' : 'not a scalar'}`
      continue
    }
    if (raw === undefined) return `${arg.header} is missing, but argument ${arg.path.join('.')} is present`
    const decoded = decodeHeaderValue(raw)
    if (decoded === undefined) return `${arg.header} carries a malformed =?base64?…?= value`
    if (!matches(arg, value, rendered, decoded)) return `${arg.header} does not match argument ${arg.path.join('.')}`
  }
  return undefined
}

/** A value the digest can carry: visible ASCII, SP and HTAB inside (RFC 9110 §5.5, the Value Encoding's plain form). */
const FIELD_VALUE = /^[\x20-\x7e\t]*$/

/**
 * The SHA-256 a decision binds the Mcp-Param-* headers with (docs/binding.md §13.1, member
 * `param-headers`): over `name ":" value LF` for each, name in lowercase, sorted by name. Undefined
 * when there are none; null when a value holds a character no header of the gate's carries.
 */
export function paramHeadersDigest(headers: ReadonlyArray<readonly [string, string]>): Uint8Array | undefined | null {
  if (headers.length === 0) return undefined
  if (headers.some(([, v]) => !FIELD_VALUE.test(v))) return null
  const lines = headers.map(([n, v]) => [n.toLowerCase(), v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return sha256(new TextEncoder().encode(lines.map(([n, v]) => `${n}:${v}\n`).join('')))
}
