/** @module policy/lint-text: text tests on values that are paths or URLs, and host lists with entries that never decide. */
import { pointerTokens } from './json.js'
import type { JsonValue } from './json.js'
import type { Flat } from './lint-facts.js'
import type { ToolSchema } from './lint.js'
import { compileHostPattern, hostMatches } from './matchers/hosts.js'
import type { Path } from './source.js'

export interface TextFinding { readonly path: Path; readonly message: string }

const PATH_NAME = /(?:^|[_-])?(?:path|paths|file|filename|filepath|dir|directory|folder|cwd|root)$/i
const URL_NAME = /(?:url|uri|href|endpoint|link)$/i
const URL_FORMATS = new Set(['uri', 'uri-reference', 'iri', 'iri-reference', 'url'])

/** The `format` the input schemas of the rule's tools give the pointer, following plain `properties`. */
function formatOf(pointer: string, tools: readonly ToolSchema[], names: readonly string[]): string | undefined {
  for (const t of tools) {
    if (!names.some((n) => (n.endsWith('*') ? t.name.startsWith(n.slice(0, -1)) : n === t.name))) continue
    let s: JsonValue | undefined = t.inputSchema
    for (const tok of pointerTokens(pointer)) {
      const props: JsonValue | undefined = typeof s === 'object' && s !== null && !Array.isArray(s) ? s.properties : undefined
      s = typeof props === 'object' && props !== null && !Array.isArray(props) ? props[tok] : undefined
    }
    const f = typeof s === 'object' && s !== null && !Array.isArray(s) ? s.format : undefined
    if (typeof f === 'string') return f
  }
  return undefined
}

/** What a pointer holds, by its schema's format or its name: a path, a URL, or neither. */
function kindOf(pointer: string, tools: readonly ToolSchema[], names: readonly string[]): 'path' | 'url' | undefined {
  const format = formatOf(pointer, tools, names)
  if (format !== undefined && URL_FORMATS.has(format)) return 'url'
  const last = pointerTokens(pointer).at(-1) ?? ''
  if (URL_NAME.test(last)) return 'url'
  if (PATH_NAME.test(last)) return 'path'
  return undefined
}

const HOST_OF = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]+)/i

/** prefix and pattern used where pathUnder or urlHost would say what was meant. */
export function misusedText(flat: readonly Flat[], tools: readonly ToolSchema[], names: readonly string[]): TextFinding[] {
  const out: TextFinding[] = []
  for (const f of flat) {
    if (f.op !== 'prefix' && f.op !== 'pattern') continue
    const kind = kindOf(f.pointer, tools, names)
    const text = (f.op === 'prefix' ? f.c.prefix : f.c.pattern) as string
    const at: Path = [...f.path, f.op]
    if (kind === 'path') {
      const root = f.op === 'prefix' ? text : /^\^(\/[\w./-]*)/.exec(text)?.[1]?.replaceAll('\\.', '.')
      if (root === undefined || !root.startsWith('/')) continue
      const base = root.length > 1 ? root.replace(/\/+$/, '') : root
      out.push({ path: at, message: `${f.op} ${JSON.stringify(text)} on ${f.pointer} compares characters, not path segments: it admits ${base}x and ${base}/../etc; write { pointer: ${f.pointer}, pathUnder: ${base} }` })
    } else if (kind === 'url') {
      // A prefix that goes on past the host ("https://h/") fixes the host; one that stops inside it does not.
      const m = f.op === 'prefix' ? HOST_OF.exec(text) : null
      if (m !== null && m[0].length < text.length) continue
      const host = f.op === 'prefix' ? m?.[1] : /^\^https?(?:\?|\[s\]\?)?:\/\/([\w.\\-]+)/.exec(text)?.[1]?.replaceAll('\\', '')
      if (host === undefined || host === '') continue
      out.push({ path: at, message: `${f.op} ${JSON.stringify(text)} on ${f.pointer} compares characters, not the host a URL parser reads: it admits https://${host}.evil.io/ and https://${host}@evil.io/; write { pointer: ${f.pointer}, url: { hosts: [${host}] } } (or urlHost)` })
    }
  }
  return out
}

/** Host lists with an entry another entry already matches, and prefixes whose host no host pattern admits. */
export function shadowedHosts(flat: readonly Flat[]): TextFinding[] {
  const out: TextFinding[] = []
  for (const f of flat) {
    const list = f.op === 'urlHost' ? (typeof f.c.urlHost === 'string' ? [f.c.urlHost] : (f.c.urlHost ?? [])) : f.op === 'url' ? (f.c.url?.hosts ?? []) : undefined
    if (list === undefined) continue
    const key: Path = f.op === 'urlHost' ? [...f.path, 'urlHost'] : [...f.path, 'url', 'hosts']
    const patterns = list.map(compileHostPattern)
    patterns.forEach((p, i) => {
      const host = p.exact ?? (p.ascii.slice(2))
      const other = patterns.findIndex((q, j) => j !== i && (q.ascii === p.ascii ? j < i : hostMatches(q, host)))
      if (other !== -1) out.push({ path: typeof f.c.urlHost === 'string' ? key : [...key, i], message: `${p.source} never decides: ${patterns[other]?.source ?? ''} already matches every host it matches; remove it` })
    })
    for (const g of flat) {
      if (g.op !== 'prefix' || g.pointer !== f.pointer) continue
      const host = HOST_OF.exec(g.c.prefix as string)
      const full = host !== null && (g.c.prefix as string).length > host[0].length
      if (host === null || !full) continue
      const name = f.op === 'url' ? (host[1] ?? '').replace(/:\d+$/, '') : (host[1] ?? '')
      if (!patterns.some((p) => hostMatches(p, name))) out.push({ path: key, message: `no host in ${JSON.stringify(list)} matches ${name}, the only host prefix ${JSON.stringify(g.c.prefix)} admits: the rule can never match` })
    }
  }
  return out
}
