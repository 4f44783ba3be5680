/** @module policy/matchers/url: a URL as the WHATWG parser reads it: scheme, host (label-aware patterns), port, path and query, each explicit. */
import type { Check, CompileFn, FaultSink, Leaf, Outcome } from '../check.js'
import { junction, show } from '../check.js'
import type { JsonValue } from '../json.js'
import type { Condition } from '../schema.js'
import type { Path } from '../source.js'
import type { HostPattern } from './hosts.js'
import { compileHostPattern, hostMatches } from './hosts.js'

export interface UrlSpec {
  readonly schemes?: readonly string[] | undefined
  readonly hosts: readonly string[]
  readonly ports?: readonly number[] | undefined
  readonly when?: readonly Condition[] | undefined
}

/** RFC 3986 §3.2.3 / WHATWG URL "special scheme" default ports. */
const DEFAULT_PORT: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 }

/**
 * The URL `v` names, when `v` is its own WHATWG serialisation (so the executor's URL parser reads
 * the same string) and has no userinfo (RFC 3986 §3.2.1: deprecated, and `https://a.com@evil.io/`
 * goes to evil.io). Otherwise why not.
 */
export function canonicalUrl(v: string): URL | string {
  let url: URL
  try {
    url = new URL(v)
  } catch {
    return 'not a URL'
  }
  if (url.username !== '' || url.password !== '') return `it has userinfo: its host is ${url.host}, after the "@"`
  if (url.href !== v) return `not the canonical spelling, which is ${show(url.href)}`
  return url
}

/** The host (plus a non-default port) of a canonical URL without userinfo, else undefined. */
export function canonicalUrlHost(v: string): string | undefined {
  const u = canonicalUrl(v)
  return typeof u === 'string' || u.host === '' ? undefined : u.host
}

/**
 * The query as one value per name, or why it has no one meaning: a name given twice (first wins on
 * one server, last on another), "+" (a space to form decoders, a plus to RFC 3986 ones), ";" (a
 * separator to some), a name without "=", an empty pair, or a bad %-escape.
 */
export function queryOf(search: string): { [k: string]: JsonValue } | string {
  const out: { [k: string]: JsonValue } = {}
  if (search === '') return out
  for (const pair of search.slice(1).split('&')) {
    if (pair === '') return 'an empty pair ("&&" or a trailing "&")'
    if (/[+;]/.test(pair)) return `${show(pair)} holds "+" or ";", which servers read differently`
    const eq = pair.indexOf('=')
    if (eq === -1) return `${show(pair)} has no "=": null to some servers, "" to others`
    let k: string, val: string
    try {
      k = decodeURIComponent(pair.slice(0, eq))
      val = decodeURIComponent(pair.slice(eq + 1))
    } catch {
      return `${show(pair)} has a bad %-escape`
    }
    if (Object.hasOwn(out, k)) return `the parameter ${show(k)} is given twice`
    out[k] = val
  }
  return out
}

// An encoded "/", "\", "." or NUL in a path is one segment to one server and several to another.
const AMBIGUOUS_PATH = /%(?:2f|5c|2e|00)/i

/** The `url` operator: a canonical URL with an allowed scheme, host and port, whose `when` conditions hold on { scheme, host, port, path, query }. */
export function urlLeaf(spec: UrlSpec, path: Path, sink: FaultSink, compile: CompileFn): Leaf {
  const schemes = new Set(spec.schemes ?? ['https'])
  const hosts: HostPattern[] = spec.hosts.map(compileHostPattern)
  const ports = spec.ports === undefined ? undefined : new Set(spec.ports)
  const when: Check[] = (spec.when ?? []).map((c, i) => compile(c, [...path, 'when', i], sink))
  const readsQuery = when.some((c) => c.reads.some((r) => r === '' || r.startsWith('/query')))
  const readsPath = when.some((c) => c.reads.some((r) => r === '' || r.startsWith('/path')))

  const run = (v: string, root: JsonValue | undefined): { outcome: Outcome; why: string } => {
    const u = canonicalUrl(v)
    if (typeof u === 'string') return { outcome: 'refused', why: u }
    const scheme = u.protocol.slice(0, -1)
    if (!schemes.has(scheme)) return { outcome: 'failed', why: `the scheme ${scheme} is not in ${show([...schemes])}` }
    if (!hosts.some((h) => hostMatches(h, u.hostname))) return { outcome: 'failed', why: `the host ${u.hostname} is not in ${show(hosts.map((h) => h.source))}` }
    const port = u.port === '' ? (DEFAULT_PORT[scheme] ?? null) : Number(u.port)
    const portOk = ports === undefined ? u.port === '' : port !== null && ports.has(port)
    if (!portOk) return { outcome: 'failed', why: `the port ${port ?? 'none'} is not ${ports === undefined ? `the default port of ${scheme}` : `in ${show([...ports])}`}` }
    if (when.length === 0) return { outcome: 'held', why: `${scheme}, host ${u.hostname}, port ${port ?? 'none'}` }
    if (readsPath && AMBIGUOUS_PATH.test(u.pathname)) return { outcome: 'refused', why: `the path ${show(u.pathname)} has an encoded "/", "\\", "." or NUL, which servers read differently` }
    const query = readsQuery ? queryOf(u.search) : {}
    if (typeof query === 'string') return { outcome: 'refused', why: `the query ${query}` }
    const view: JsonValue = { scheme, host: u.hostname, port, path: u.pathname, query }
    const outcomes = when.map((c) => c.test(view, root))
    const o = junction(outcomes.length, true, (i) => outcomes[i] as Outcome)
    if (o === 'held') return { outcome: o, why: `${scheme}, host ${u.hostname}, and all ${when.length} conditions held` }
    const i = outcomes.indexOf(o)
    return { outcome: o, why: (when[i] as Check).why(view, root) }
  }
  return {
    need: 'string',
    text: 'is a URL the rule allows',
    test: (v, root) => run(v as string, root).outcome,
    whyNot: (v, root) => `${show(v)}: ${run(v as string, root).why}`,
    whyHeld: (v, root) => `${show(v)}: ${run(v as string, root).why}`,
  }
}
