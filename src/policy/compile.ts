/** @module policy/compile: validate a set of policy files and compile them into an indexed, digested policy. */
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { VerbatimError } from '../errors/index.js'
import type { Check } from './conditions.js'
import { compileCondition } from './conditions.js'
import type { Effect } from './effects.js'
import type { Groups } from './groups.js'
import { collectGroups, expandAgents } from './groups.js'
import type { ParsedSource, PolicyFault, PolicySource } from './source.js'
import { parseSource } from './source.js'
import { formatFault } from '../config/yaml-source.js'
import type { ApprovalSpec, Rule, TestCase } from './schema.js'

/** One rule, ready to evaluate. */
export interface CompiledRule {
  readonly id: string
  readonly effect: Effect
  readonly allAgents: boolean
  /** Agent ids, groups expanded. */
  readonly agents: ReadonlySet<string>
  readonly checks: readonly Check[]
  /** What a denied agent is told instead of the conditions that held. */
  readonly message: string | undefined
  /** An ask rule's approval: group, approvers, validSeconds, reason. */
  readonly approval: ApprovalSpec | undefined
}

/** The tests: section of one file, kept for `verbatim policy test`; not part of the digest. `indexes[i]` is where `cases[i]` is in the file. */
export interface PolicyTests { readonly file: string; readonly cases: readonly TestCase[]; readonly indexes: readonly number[] }

export interface CompileOptions {
  /** For `policy test`: faults in `tests:` do not stop the compile; they are returned in `testFaults` and the valid cases run. */
  readonly lenientTests?: boolean
}

export interface CompiledPolicy {
  /** Lowercase hex SHA-256 of the JCS (RFC 8785) form of the rule set. */
  readonly digest: string
  readonly ruleCount: number
  /** Rules by exact tool name, each list sorted by id. */
  readonly exact: ReadonlyMap<string, readonly CompiledRule[]>
  /** Rules by tool prefix ("fs." for "fs.*", "" for "*"), each list sorted by id. */
  readonly prefixes: ReadonlyMap<string, readonly CompiledRule[]>
  /** Every rule by id. */
  readonly rulesById: ReadonlyMap<string, CompiledRule>
  /** The distinct prefix lengths in `prefixes`, so lookup cost follows the tool name, not the rule count. */
  readonly prefixLengths: readonly number[]
  readonly tests: readonly PolicyTests[]
  /** With `lenientTests`: the faults of `tests:` sections, which the compile did not stop at. */
  readonly testFaults: readonly PolicyFault[]
  /** The files it was compiled from, as read: for checks that report file:line:col (lintPolicy, policyCoverage), and what an audit `policy` record keeps, so a decision can be re-proved. */
  readonly sources: readonly PolicySource[]
}

/**
 * Compiles policy sources into one policy. Pure: the same rules give the same digest, whatever the
 * file order, formatting or comments.
 * @throws VerbatimError ERR_POLICY_INVALID with `detail.faults: PolicyFault[]`
 */
export function compilePolicy(sources: PolicySource[], options: CompileOptions = {}): CompiledPolicy {
  const parsed = sources.map((s) => parseSource(s))
  const lenient = options.lenientTests === true
  const faults: PolicyFault[] = parsed.flatMap((p) => (lenient ? p.faults.filter((f) => !p.testFaults.includes(f)) : p.faults))
  const rules: Compiled[] = []
  const seen = new Map<string, string>()
  const groups = collectGroups(parsed, faults)
  // Rules valid on their own are checked even in a file with faults, so every fault shows at once.
  for (const p of parsed) compileFile(p, seen, groups, rules, faults)
  if (faults.length > 0) {
    sortFaults(faults, sources.map((s) => s.path))
    throw new VerbatimError('ERR_POLICY_INVALID', faults.map(formatFault).join('\n'), { detail: { faults } })
  }
  rules.sort((a, b) => (a.rule.id < b.rule.id ? -1 : 1))
  const exact = new Map<string, CompiledRule[]>()
  const prefixes = new Map<string, CompiledRule[]>()
  const rulesById = new Map<string, CompiledRule>()
  for (const { rule, agents, checks } of rules) {
    const compiled: CompiledRule = {
      id: rule.id, effect: rule.effect, allAgents: agents.includes('*'), agents: new Set(agents), checks, message: rule.message, approval: rule.approval,
    }
    rulesById.set(rule.id, compiled)
    for (const tool of new Set(rule.tools)) {
      const [map, key] = tool.endsWith('*') ? [prefixes, tool.slice(0, -1)] : [exact, tool]
      const list = map.get(key)
      if (list === undefined) map.set(key, [compiled])
      else list.push(compiled)
    }
  }
  return {
    digest: digestOf(rules),
    ruleCount: rules.length,
    exact,
    prefixes,
    rulesById,
    prefixLengths: [...new Set([...prefixes.keys()].map((k) => k.length))].sort((a, b) => a - b),
    tests: parsed.flatMap((p) => (p.cases.length === 0 ? [] : [{ file: p.file, cases: p.cases.map((c) => c.case), indexes: p.cases.map((c) => c.index) }])),
    testFaults: lenient ? parsed.flatMap((p) => p.testFaults) : [],
    sources: sources.map((s) => ({ path: s.path, text: s.text })),
  }
}

interface Compiled { rule: Rule; agents: string[]; checks: Check[] }

function compileFile(p: ParsedSource, seen: Map<string, string>, groups: Groups, out: Compiled[], faults: PolicyFault[]): void {
  for (const { index: i, id } of p.ids) {
    const first = seen.get(id)
    if (first !== undefined) {
      faults.push(p.fault(['rules', i, 'id'], `rules.${i}.id: duplicate rule id ${JSON.stringify(id)} (first defined in ${first})`))
    } else {
      seen.set(id, p.file)
    }
  }
  for (const { index: i, rule } of p.rules) {
    const sink = (path: readonly PropertyKey[], message: string): void => {
      faults.push(p.fault(path, `${path.map(String).join('.')}: ${message}`))
    }
    const agents = expandAgents(rule, groups, (path, message) => sink(['rules', i, ...path], message))
    const checks = (rule.when ?? []).map((c, j) => compileCondition(c, ['rules', i, 'when', j], sink))
    out.push({ rule, agents, checks })
  }
}

/** Orders faults by file (in the order given), then line and column. */
export function sortFaults(faults: PolicyFault[], files: readonly string[]): PolicyFault[] {
  const rank = (f: PolicyFault): number => {
    const i = files.indexOf(f.file)
    return i === -1 ? files.length : i
  }
  return faults.sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.col - b.col)
}

/**
 * SHA-256 over RFC 8785 (JCS) bytes of the rule content that decides or answers, sorted by id.
 * Agents are listed with groups expanded, so a change to a group changes the digest of every rule
 * set that uses it; a deny's message and an ask's approval are included when there is one.
 */
function digestOf(rules: readonly Compiled[]): string {
  const set = {
    version: 1,
    rules: rules.map(({ rule: r, agents }) => ({
      id: r.id,
      effect: r.effect,
      agents: [...agents].sort(),
      tools: [...new Set(r.tools)].sort(),
      when: r.when ?? [],
      ...(r.message === undefined ? {} : { message: r.message }),
      ...(r.approval === undefined ? {} : { approval: r.approval }),
    })),
  }
  return createHash('sha256').update(canonicalize(set) ?? '', 'utf8').digest('hex')
}
