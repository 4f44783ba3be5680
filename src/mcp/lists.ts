/** @module mcp/lists: list results cut down to what the agent could ever be allowed to use (pure). */
import type { JsonValue } from '../canonical/index.js'

type JsonObject = { [k: string]: JsonValue }

/** Keep-predicates for each kind of listed entry. */
export interface ListFilter {
  tool(name: string): boolean
  prompt(name: string): boolean
  resource(uri: string): boolean
}

/** The result members that hold a list, the list method that returns each, and the key an entry is decided on. */
const LISTS: ReadonlyArray<{ method: string; member: string; key: 'name' | 'uri'; keep: keyof ListFilter }> = [
  { method: 'tools/list', member: 'tools', key: 'name', keep: 'tool' },
  { method: 'prompts/list', member: 'prompts', key: 'name', keep: 'prompt' },
  { method: 'resources/list', member: 'resources', key: 'uri', keep: 'resource' },
]

/** The list methods whose results are filtered. */
export const FILTERED_LISTS: readonly string[] = LISTS.map((l) => l.method)

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * A response with every list its result carries cut down to what the filter keeps: `tools`,
 * `prompts` and `resources`, whatever request the response answers. Filtering by member rather
 * than by the request's method alone means that no answer can carry a list past the filter, not
 * even one a client would take for another request's (the SDK re-labels the answer on a resumed
 * stream). An entry without a string name (or uri) is removed too: what cannot be named cannot be
 * decided. `lists` is how many lists were found (0: the value is returned as it was).
 */
export function filterLists(response: JsonValue, filter: ListFilter): { value: JsonValue; lists: number; removed: number } {
  if (!isObject(response) || !isObject(response['result'])) return { value: response, lists: 0, removed: 0 }
  const result: JsonObject = { ...response['result'] }
  let lists = 0
  let removed = 0
  for (const list of LISTS) {
    const entries = result[list.member]
    if (!Array.isArray(entries)) continue
    const kept = entries.filter((e) => {
      const key = isObject(e) ? e[list.key] : undefined
      return typeof key === 'string' && filter[list.keep](key)
    })
    lists++
    removed += entries.length - kept.length
    result[list.member] = kept
  }
  return lists === 0 ? { value: response, lists, removed } : { value: { ...response, result }, lists, removed }
}

/** The tools a response's result lists (`result.tools`), whatever request it answers; undefined when it lists none. */
export function toolsOf(response: JsonValue): readonly JsonValue[] | undefined {
  const tools = isObject(response) && isObject(response['result']) ? response['result']['tools'] : undefined
  return Array.isArray(tools) ? tools : undefined
}

/**
 * A server/discover result (MCP 2026-07-28 server/discover) with its `supportedVersions` cut down to
 * the revisions the gate speaks: a client must not pick one the gate would refuse. Returns the
 * response itself when there is nothing to cut.
 */
export function offerRevisions(response: JsonValue, speaks: readonly string[]): JsonValue {
  if (!isObject(response) || !isObject(response['result'])) return response
  const offered = response['result']['supportedVersions']
  if (!Array.isArray(offered)) return response
  const kept = offered.filter((v) => typeof v === 'string' && speaks.includes(v))
  if (kept.length === offered.length) return response
  return { ...response, result: { ...response['result'], supportedVersions: kept } }
}
