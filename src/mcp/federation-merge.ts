/** @module mcp/federation-merge: the answers of every server to one request of the federated endpoint, as one answer (pure). */
import { Buffer } from 'node:buffer'
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'

type JsonObject = { [k: string]: JsonValue }

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The list each list method's result holds. */
export const LIST_MEMBER: Readonly<Record<string, string>> = {
  'tools/list': 'tools', 'prompts/list': 'prompts', 'resources/list': 'resources', 'resources/templates/list': 'resourceTemplates',
}

/**
 * The federated endpoint's cursor: each server's own cursor, by server, as base64url JSON (MCP
 * pagination: opaque to the client). Only servers with more to list are in it.
 */
export function encodeCursor(cursors: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(cursors)).toString('base64url')
}

/** The servers' cursors a federated cursor holds; one the endpoint did not hand out is ERR_MCP_UNROUTABLE. */
export function decodeCursor(cursor: JsonValue | undefined, servers: ReadonlySet<string>): Record<string, string> | undefined {
  if (cursor === undefined) return undefined
  let v: unknown
  try {
    v = typeof cursor === 'string' ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined
  } catch {
    v = undefined
  }
  const ok = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.entries(v).every(([k, c]) => servers.has(k) && typeof c === 'string')
  if (!ok || Object.keys(v as object).length === 0) throw new VerbatimError('ERR_MCP_UNROUTABLE', 'the cursor is not one this endpoint handed out')
  return v as Record<string, string>
}

/** One server's result, already as the agent sees it (names prefixed). */
export interface ServerResult {
  server: string
  result: JsonObject
}

/**
 * The members every 2026-07-28 result carries, as one for the merged result: `resultType` when every
 * server gave the same (else `complete`), and the caching directives of the most cautious server
 * (the least `ttlMs`, `cacheScope` private if any is). Absent when no server gave them (a session revision).
 */
export function commonFields(results: readonly ServerResult[]): JsonObject {
  const out: JsonObject = {}
  const types = results.map((r) => r.result['resultType']).filter((v) => v !== undefined)
  if (types.length > 0) out['resultType'] = types.every((t) => t === types[0]) ? (types[0] as JsonValue) : 'complete'
  const ttls = results.map((r) => r.result['ttlMs']).filter((v): v is number => typeof v === 'number')
  if (ttls.length > 0) out['ttlMs'] = Math.min(...ttls)
  const scopes = results.map((r) => r.result['cacheScope']).filter((v) => v !== undefined)
  if (scopes.length > 0) out['cacheScope'] = scopes.every((v) => v === 'public') ? 'public' : 'private'
  return out
}

/** A list method's results, in the servers' order, as one; its cursor leads each server on from where it stopped. */
export function mergeLists(method: string, results: readonly ServerResult[]): JsonObject {
  const member = LIST_MEMBER[method] ?? 'tools'
  const entries: JsonValue[] = []
  const next: Record<string, string> = {}
  for (const r of results) {
    const list = r.result[member]
    if (Array.isArray(list)) entries.push(...list)
    if (typeof r.result['nextCursor'] === 'string') next[r.server] = r.result['nextCursor']
  }
  return { ...commonFields(results), [member]: entries, ...(Object.keys(next).length === 0 ? {} : { nextCursor: encodeCursor(next) }) }
}

/** Capabilities as one: every capability any server has, a flag (listChanged, subscribe) set if any server sets it. */
export function mergeCapabilities(all: readonly JsonValue[]): JsonObject {
  const out: JsonObject = {}
  for (const caps of all) {
    if (!isObject(caps)) continue
    for (const [k, v] of Object.entries(caps)) {
      const had = out[k]
      if (isObject(had) && isObject(v)) {
        const m: JsonObject = { ...had }
        for (const [f, x] of Object.entries(v)) m[f] = typeof x === 'boolean' && typeof m[f] === 'boolean' ? (m[f] as boolean) || x : (m[f] ?? x)
        out[k] = m
      } else if (had === undefined) {
        out[k] = v
      }
    }
  }
  return out
}

/**
 * The initialize results of the servers that answered, as the federated endpoint's: the revision
 * the agent asked for when every server chose it, else the oldest one chosen; every capability;
 * the instructions of each server under its name. serverInfo names the gate.
 */
export function mergeInitialize(results: readonly ServerResult[], asked: string, version: string): JsonObject {
  const chosen = results.map((r) => r.result['protocolVersion']).filter((v): v is string => typeof v === 'string')
  const revision = chosen.every((v) => v === asked) ? asked : [...chosen].sort()[0] ?? asked
  const instructions = results.filter((r) => typeof r.result['instructions'] === 'string').map((r) => `${r.server}: ${String(r.result['instructions'])}`)
  return {
    protocolVersion: revision,
    capabilities: mergeCapabilities(results.map((r) => r.result['capabilities'] ?? null)),
    serverInfo: { name: 'verbatim-federation', version },
    ...(instructions.length === 0 ? {} : { instructions: instructions.join('\n\n') }),
  }
}

/** server/discover results as one: the revisions every server supports, every capability. */
export function mergeDiscover(results: readonly ServerResult[], version: string): JsonObject {
  const lists = results.map((r) => (Array.isArray(r.result['supportedVersions']) ? r.result['supportedVersions'].filter((v): v is string => typeof v === 'string') : []))
  const common = (lists[0] ?? []).filter((v) => lists.every((l) => l.includes(v)))
  return { ...commonFields(results), supportedVersions: common, capabilities: mergeCapabilities(results.map((r) => r.result['capabilities'] ?? null)), serverInfo: { name: 'verbatim-federation', version } }
}
