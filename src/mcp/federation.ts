/**
 * @module mcp/federation: one endpoint for many servers (pure). A tool, prompt or resource of server
 * `fs` is `fs__{name}` on the federated endpoint: the server's name, two underscores, its own name or
 * URI. A server name holds no `__` and does not end in `_` (the config refuses one that does), so the
 * first `__` of a federated name is always the separator: two (server, name) pairs never make one
 * federated name.
 */
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'
import { idKey } from './inspect.js'
import type { RpcId, RpcMessage } from './message.js'

type JsonObject = { [k: string]: JsonValue }

export const FEDERATED_SEPARATOR = '__'
/** A federated tool or prompt name is at most this long (what the gate reads as a name; MCP suggests 128). */
const MAX_NAME = 128

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

export const federated = (server: string, name: string): string => `${server}${FEDERATED_SEPARATOR}${name}`

/** The server and its own name of a federated name; undefined when it names no server of the federation. */
export function splitFederated(name: string, servers: ReadonlySet<string>): { server: string; name: string } | undefined {
  const at = name.indexOf(FEDERATED_SEPARATOR)
  if (at <= 0) return undefined
  const server = name.slice(0, at)
  const own = name.slice(at + FEDERATED_SEPARATOR.length)
  return servers.has(server) && own !== '' ? { server, name: own } : undefined
}

/** Where an agent's message goes: one server (as that server must read it), or every server. */
export type Route = { to: 'one'; server: string; value: JsonObject; name?: string } | { to: 'all' }

const unroutable = (why: string): VerbatimError => new VerbatimError('ERR_MCP_UNROUTABLE', why)

/** Which member of a request names a server: params.name, params.uri, or completion/complete's params.ref. */
const NAMED: Readonly<Record<string, readonly string[]>> = {
  'tools/call': ['name'], 'prompts/get': ['name'],
  'resources/read': ['uri'], 'resources/subscribe': ['uri'], 'resources/unsubscribe': ['uri'],
}
/** Sent to every server, and their answers merged. */
const FAN_OUT = new Set(['initialize', 'ping', 'logging/setLevel', 'tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'server/discover'])

function rename(params: JsonObject, path: readonly string[], servers: ReadonlySet<string>, what: string): { server: string; params: JsonObject; name: string } {
  const [key, ...rest] = path as [string, ...string[]]
  const v = params[key]
  if (rest.length > 0) {
    if (!isObject(v)) throw unroutable(`${what}: no ${path.join('.')} to route on`)
    const inner = rename(v, rest, servers, what)
    return { ...inner, params: { ...params, [key]: inner.params } }
  }
  if (typeof v !== 'string') throw unroutable(`${what}: no ${key} to route on`)
  const split = splitFederated(v, servers)
  if (split === undefined) throw unroutable(`${what}: ${JSON.stringify(v.slice(0, 200))} names no server of this endpoint (write {server}__{name})`)
  return { server: split.server, params: { ...params, [key]: split.name }, name: split.name }
}

/**
 * An agent's message as the server it is for must read it: its name or URI without the prefix, or
 * a response to a server's request with that request's own id. A request that names nothing, and
 * every notification, goes to every server. What cannot be routed is ERR_MCP_UNROUTABLE.
 */
export function routeOf(msg: RpcMessage, value: JsonObject, servers: ReadonlySet<string>): Route {
  if (msg.kind === 'response') {
    const split = typeof msg.id === 'string' ? splitFederated(msg.id, servers) : undefined
    const id = split === undefined ? undefined : unkeyId(split.name)
    if (split === undefined || id === undefined) throw unroutable(`the response's id ${JSON.stringify(msg.id).slice(0, 80)} answers no request a server of this endpoint sent`)
    return { to: 'one', server: split.server, value: { ...value, id } }
  }
  if (msg.kind === 'notification') return { to: 'all' }
  const params = msg.params ?? {}
  const ref = msg.method === 'completion/complete' && isObject(params['ref']) ? params['ref'] : undefined
  const path = NAMED[msg.method] ?? (ref === undefined ? undefined : ['ref', ref['type'] === 'ref/resource' ? 'uri' : 'name'])
  if (path !== undefined) {
    const r = rename(params, path, servers, msg.method)
    return { to: 'one', server: r.server, value: { ...value, params: r.params }, name: r.name }
  }
  if (FAN_OUT.has(msg.method)) return { to: 'all' }
  throw unroutable(`the federated endpoint does not route ${msg.method.slice(0, 80)}: send it to /mcp/{server}`)
}

/** A server's request id as the agent sees it, `{server}__{type}:{id}`, so that its answer finds the way back. */
export const federatedId = (server: string, id: RpcId): string => federated(server, idKey(id))

function unkeyId(key: string): RpcId | undefined {
  if (key.startsWith('s:')) return key.slice(2)
  const n = key.startsWith('n:') ? Number(key.slice(2)) : NaN
  return Number.isSafeInteger(n) && String(n) === key.slice(2) ? n : undefined
}

const prefixed = (server: string, v: JsonValue | undefined): JsonValue | undefined => (typeof v === 'string' ? federated(server, v) : v)

/** Each entry of a list with its key prefixed; an entry whose federated name would be too long to call is left out. */
function prefixList(server: string, entries: JsonValue, key: string, bounded: boolean): JsonValue {
  if (!Array.isArray(entries)) return entries
  return entries.flatMap((e) => {
    if (!isObject(e) || typeof e[key] !== 'string') return [e]
    const name = federated(server, e[key])
    return bounded && name.length > MAX_NAME ? [] : [{ ...e, [key]: name }]
  })
}

/** Content blocks that carry a resource's URI (a resource_link, an embedded resource). */
function prefixContent(server: string, content: JsonValue | undefined): JsonValue | undefined {
  if (!Array.isArray(content)) return content
  return content.map((c) => {
    if (!isObject(c)) return c
    if (c['type'] === 'resource_link') return { ...c, uri: prefixed(server, c['uri']) ?? null }
    if (c['type'] === 'resource' && isObject(c['resource'])) return { ...c, resource: { ...c['resource'], uri: prefixed(server, c['resource']['uri']) ?? null } }
    return c
  })
}

/**
 * A server's message as the agent sees it on the federated endpoint: every tool, prompt and resource
 * it names prefixed with the server's name (lists, a read's contents, resource links, an update
 * notification), and a request of the server's with an id that leads back to it.
 */
export function toAgent(server: string, value: JsonValue): JsonValue {
  if (!isObject(value)) return value
  if (typeof value['method'] === 'string') {
    let out: JsonObject = value
    if (Object.hasOwn(value, 'id') && (typeof value['id'] === 'string' || typeof value['id'] === 'number')) out = { ...out, id: federatedId(server, value['id']) }
    const params = value['params']
    if (value['method'] === 'notifications/resources/updated' && isObject(params)) out = { ...out, params: { ...params, uri: prefixed(server, params['uri']) ?? null } }
    return out
  }
  const result = value['result']
  if (!isObject(result)) return value
  const r: JsonObject = { ...result }
  for (const [member, key, bounded] of [['tools', 'name', true], ['prompts', 'name', true], ['resources', 'uri', false], ['resourceTemplates', 'uriTemplate', false]] as const) {
    if (Object.hasOwn(r, member)) r[member] = prefixList(server, r[member] ?? null, key, bounded)
  }
  if (Array.isArray(r['contents'])) r['contents'] = prefixList(server, r['contents'], 'uri', false)
  if (Object.hasOwn(r, 'content')) r['content'] = prefixContent(server, r['content']) ?? null
  return { ...value, result: r }
}
