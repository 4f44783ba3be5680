/** @module policy/lint: dead rules: agents no one is, tools no route serves, conditions a tool's input schema rules out. */
import { rootNode } from './input-schema.js'
import type { SchemaNode } from './input-schema.js'
import type { JsonValue } from './json.js'
import { checkConditions } from './lint-schema.js'
import type { Rule } from './schema.js'
import { GROUP_PREFIX, PolicyFileSchema } from './schema.js'
import type { Path, PolicyFault, PolicySource, SourceRule } from './source.js'
import { parseSource } from './source.js'
import { closestName } from './suggest.js'
import { sortFaults } from './compile.js'

/** A tool and the JSON Schema of its arguments, as MCP's tools/list gives it. */
export interface ToolSchema {
  readonly name: string
  readonly inputSchema: JsonValue
  /** Where it was declared, e.g. "upstream sandbox" or an MCP server URL. */
  readonly source: string
}

/** What a policy is checked against; each part is optional, and a part left out is not checked. */
export interface LintContext {
  /** The agent ids the gate authenticates. */
  readonly agents?: readonly string[]
  /** The gate's routes: tool names, prefixes ending in *, or *, and the upstream that serves them. */
  readonly routes?: readonly { readonly tools: readonly string[]; readonly upstream: string }[]
  /** Upstreams that declare their tools: a tool routed to one of them must be on its list. */
  readonly upstreamTools?: ReadonlyMap<string, readonly string[]>
  /** Tools whose input schemas are known; their names count as served too. */
  readonly tools?: readonly ToolSchema[]
}

const isPrefix = (t: string): boolean => t.endsWith('*')

/** The upstream whose route serves `tool`, as the gate's route table picks it (exact, then longest prefix). */
function routeOf(tool: string, routes: NonNullable<LintContext['routes']>): string | undefined {
  let best: { len: number; upstream: string } | undefined
  for (const r of routes) {
    for (const p of r.tools) {
      if (p === tool) return r.upstream
      if (isPrefix(p) && tool.startsWith(p.slice(0, -1)) && (best === undefined || p.length - 1 > best.len)) best = { len: p.length - 1, upstream: r.upstream }
    }
  }
  return best?.upstream
}

/** True when some route or known tool could serve a tool that the rule pattern `p*` covers. */
function prefixServed(prefix: string, patterns: readonly string[], names: readonly string[]): boolean {
  return patterns.some((q) => (isPrefix(q) ? q.slice(0, -1).startsWith(prefix) || prefix.startsWith(q.slice(0, -1)) : q.startsWith(prefix)))
    || names.some((n) => n.startsWith(prefix))
}

function hint(best: string | undefined, list: readonly string[], what: string): string {
  if (best !== undefined) return `; did you mean '${best}'?`
  return list.length > 0 && list.length <= 12 ? ` (${what}: ${list.join(', ')})` : ''
}

interface Finding { readonly path: Path; readonly message: string }

function lintRule(i: number, rule: Rule, ctx: LintContext, nodes: ReadonlyMap<string, { node: SchemaNode; name: string }[]>): Finding[] {
  const out: Finding[] = []
  const at = (path: readonly PropertyKey[], message: string): void => {
    const full = ['rules', i, ...path]
    out.push({ path: full, message: `${full.map(String).join('.')}: ${message}` })
  }
  if (ctx.agents !== undefined) {
    rule.agents.forEach((a, j) => {
      // A group's members are checked where the group is defined (lintGroups); its name is compile's to check.
      if (a === '*' || a.startsWith(GROUP_PREFIX) || ctx.agents?.includes(a)) return
      at(['agents', j], `unknown agent '${a}'${hint(closestName(a, ctx.agents ?? []), ctx.agents ?? [], 'agents')}`)
    })
  }
  const names = (ctx.tools ?? []).map((t) => t.name)
  if (ctx.routes !== undefined) {
    const patterns = ctx.routes.flatMap((r) => r.tools)
    const exact = [...new Set([...patterns.filter((t) => !isPrefix(t)), ...names, ...[...(ctx.upstreamTools?.values() ?? [])].flat()])]
    rule.tools.forEach((t, j) => {
      if (isPrefix(t)) {
        if (t === '*' || prefixServed(t.slice(0, -1), patterns, names)) return
        at(['tools', j], `no route serves a tool matching '${t}'${hint(closestName(t, patterns.filter(isPrefix)), [], '')}`)
        return
      }
      const upstream = routeOf(t, ctx.routes ?? [])
      if (upstream === undefined) {
        if (!names.includes(t)) at(['tools', j], `no route serves tool '${t}'${hint(closestName(t, exact), [], '')}`)
        return
      }
      const listed = ctx.upstreamTools?.get(upstream)
      if (listed !== undefined && !listed.includes(t)) {
        at(['tools', j], `upstream '${upstream}' does not list tool '${t}'${hint(closestName(t, listed), listed, 'its tools')}`)
      }
    })
  }
  // Each condition against the schema of every known tool the rule covers; one finding per mismatch,
  // naming the tools it holds for.
  const covered = [...new Set(rule.tools.flatMap((t) => [...nodes.keys()].filter((n) => (isPrefix(t) ? n.startsWith(t.slice(0, -1)) : n === t))))]
  const found = new Map<string, { path: readonly PropertyKey[]; text: string; required: boolean; tools: string[] }>()
  for (const tool of covered) {
    for (const { node, name } of nodes.get(tool) ?? []) {
      for (const prob of checkConditions(rule.when ?? [], node)) {
        const k = `${prob.path.map(String).join('.')}\u0000${prob.text}`
        const f = found.get(k)
        if (f === undefined) found.set(k, { ...prob, tools: [name] })
        else if (!f.tools.includes(name)) f.tools.push(name)
      }
    }
  }
  const named = new Set(rule.tools)
  for (const f of found.values()) {
    // Wrong for every tool the rule covers: the rule (or branch) can never match.
    if (f.tools.length === covered.length) {
      at(f.path, f.text.replace('{tools}', f.tools.join(', ')))
      continue
    }
    // A condition that must hold rules out a tool the rule names; a tool that only falls under a
    // prefix, or a branch of anyOf / not, may be meant for another tool, so those pass.
    const mine = f.required ? f.tools.filter((t) => named.has(t)) : []
    if (mine.length > 0) at(f.path, f.text.replace('{tools}', mine.join(', ')))
  }
  return out
}

/**
 * Reports rules that can never match: an agent the gate does not know, a tool no route serves (or
 * that its upstream does not list), and conditions that a tool's input schema rules out (a pointer
 * the schema lacks, an operator for another type, a type that contradicts it, a value it forbids).
 * Pure; each finding is placed at file:line:col, with "did you mean" when a close name exists. A
 * source that does not load is skipped (its faults are compilePolicy's to report).
 * @example lintPolicy(policy.sources, { agents: ['coder'], routes: [{ tools: ['fs.*'], upstream: 'sandbox' }] })
 */
export function lintPolicy(sources: readonly PolicySource[], context: LintContext): PolicyFault[] {
  const nodes = new Map<string, { node: SchemaNode; name: string }[]>()
  for (const t of context.tools ?? []) {
    const list = nodes.get(t.name) ?? []
    list.push({ node: rootNode(t.inputSchema), name: t.name })
    nodes.set(t.name, list)
  }
  const out: PolicyFault[] = []
  for (const src of sources) {
    const findings = [...lintGroups(src, context), ...rulesOf(src).flatMap(({ index, rule }) => lintRule(index, rule, context, nodes))]
    if (findings.length === 0) continue
    // Positions need the YAML parser's node ranges: paid only for a file with findings.
    const p = parseSource(src)
    for (const f of findings) out.push(p.fault(f.path, f.message))
  }
  return sortFaults(out, sources.map((s) => s.path))
}

/** A group member no agent is: the group names someone the gate never authenticates. */
function lintGroups(src: PolicySource, ctx: LintContext): Finding[] {
  const agents = ctx.agents
  if (agents === undefined || !/^groups\s*:/m.test(src.text)) return []
  const out: Finding[] = []
  for (const [name, members] of parseSource(src).groups) {
    members.forEach((a, j) => {
      if (agents.includes(a)) return
      const path = ['groups', name, j]
      out.push({ path, message: `groups.${name}.${j}: unknown agent '${a}'${hint(closestName(a, agents), agents, 'agents')}` })
    })
  }
  return out
}

/**
 * The rules of a source that validate on their own. A JSON file that validates whole is read with
 * JSON.parse, many times faster than the YAML parser on a large generated policy (the gate runs
 * this at every start); anything else goes through parseSource.
 */
function rulesOf(src: PolicySource): readonly SourceRule[] {
  if (src.text.trimStart().startsWith('{')) {
    try {
      const whole = PolicyFileSchema.safeParse(JSON.parse(src.text))
      if (whole.success) return (whole.data.rules ?? []).map((rule, index) => ({ index, rule }))
    } catch { /* not JSON: YAML below */ }
  }
  return parseSource(src).rules
}
