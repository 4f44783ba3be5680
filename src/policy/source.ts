/** @module policy/source: one policy file (YAML or JSON), validated, with faults at file:line:col. */
import { z } from 'zod'
import { parseYamlWithSchema } from '../config/yaml-source.js'
import type { ParsedYaml, Path, SourceFault } from '../config/yaml-source.js'
import { issueFaults } from './faults.js'
import type { PolicyFile, Rule, TestCase } from './schema.js'
import { GroupsSchema, PolicyFileSchema, RuleSchema, TestCaseSchema } from './schema.js'

export interface PolicySource { path: string; text: string }
export type PolicyFault = SourceFault
export type { Path }

/** A rule that validates on its own, and its index in the file's `rules:`. */
export interface SourceRule { readonly index: number; readonly rule: Rule }
/** A test case that validates on its own, and its index in the file's `tests:`. */
export interface SourceCase { readonly index: number; readonly case: TestCase }

export interface ParsedSource extends ParsedYaml<PolicyFile> {
  /** Every rule of the file that validates on its own, even when another part of the file does not. */
  readonly rules: readonly SourceRule[]
  /** Every group of the file that validates on its own: name → agent ids. */
  readonly groups: ReadonlyMap<string, readonly string[]>
  /** Every test case that validates on its own; a broken case does not take its file's other cases with it. */
  readonly cases: readonly SourceCase[]
  /** The faults of `faults` that are in `tests:`: `policy test` reports them as failed cases and runs the rest. */
  readonly testFaults: readonly PolicyFault[]
  /** The id of every rule that has a string id, valid or not, so duplicates show with other faults. */
  readonly ids: readonly { readonly index: number; readonly id: string }[]
}

/**
 * Parses YAML 1.2 (JSON is a subset) with duplicate keys refused, then validates with zod. Every
 * fault of the file comes at once, and the rules that are valid on their own are kept, so that the
 * checks that follow (duplicate ids, patterns, routes, tool schemas) report on them in the same run.
 */
export function parseSource(src: PolicySource): ParsedSource {
  const raw = parseYamlWithSchema(src.path, src.text, z.unknown())
  const base = { file: raw.file, fault: raw.fault }
  if (raw.faults.length > 0) {
    const faults = oneFaultPerTab(raw.faults)
    // A file YAML cannot read has rules nobody knows, unless it has none: a file of tests only.
    const testsOnly = !/^(?:rules|groups)\s*:/m.test(src.text)
    return { ...base, data: undefined, faults, rules: [], ids: [], groups: new Map(), cases: [], testFaults: testsOnly ? faults : [] }
  }
  const parsed = PolicyFileSchema.safeParse(raw.data, { reportInput: true })
  if (parsed.success) {
    const rules = (parsed.data.rules ?? []).map((rule, index) => ({ index, rule }))
    const cases = (parsed.data.tests ?? []).map((c, index) => ({ index, case: c }))
    return { ...base, data: parsed.data, faults: [], rules, ids: rules.map((r) => ({ index: r.index, id: r.rule.id })), groups: new Map(Object.entries(parsed.data.groups ?? {})), cases, testFaults: [] }
  }
  const inTests = parsed.error.issues.filter((i) => i.path[0] === 'tests')
  const testFaults = issueFaults(inTests, raw.fault)
  const faults = [...issueFaults(parsed.error.issues.filter((i) => i.path[0] !== 'tests'), raw.fault), ...testFaults].sort((a, b) => a.line - b.line || a.col - b.col)
  const cases = rawList(raw.data, 'tests').flatMap((c, index) => {
    const one = TestCaseSchema.safeParse(c)
    return one.success ? [{ index, case: one.data }] : []
  })
  const list = rawList(raw.data, 'rules')
  const rules: SourceRule[] = []
  const ids: { index: number; id: string }[] = []
  list.forEach((r, index) => {
    const one = RuleSchema.safeParse(r)
    if (one.success) rules.push({ index, rule: one.data })
    const id = typeof r === 'object' && r !== null ? (r as { id?: unknown }).id : undefined
    if (typeof id === 'string') ids.push({ index, id })
  })
  return { ...base, data: undefined, faults, rules, ids, groups: rawGroups(raw.data), cases, testFaults }
}

const TAB = 'Tabs are not allowed as indentation'

/**
 * A tab in the indentation leaves the YAML parser unsure of every structure after it, and it says
 * so several times over; each tab is one fault, and what it reports after the first is dropped.
 */
function oneFaultPerTab(faults: readonly PolicyFault[]): PolicyFault[] {
  const tabs = faults.filter((f) => f.message.startsWith(TAB))
  if (tabs.length === 0) return [...faults]
  const first = tabs[0] as PolicyFault
  const before = faults.filter((f) => !f.message.startsWith(TAB) && (f.line < first.line || (f.line === first.line && f.col < first.col)))
  return [...before, ...tabs.map((t) => ({ ...t, message: 'a tab in the indentation: YAML indents with spaces only' }))]
}

/** The groups of a file with faults elsewhere, each checked on its own, so their rules still resolve. */
function rawGroups(raw: unknown): Map<string, readonly string[]> {
  const g = typeof raw === 'object' && raw !== null ? (raw as { groups?: unknown }).groups : undefined
  const out = new Map<string, readonly string[]>()
  if (typeof g !== 'object' || g === null || Array.isArray(g)) return out
  for (const [name, members] of Object.entries(g)) {
    const one = GroupsSchema.safeParse({ [name]: members })
    if (one.success) out.set(name, one.data[name] as string[])
  }
  return out
}

function rawList(raw: unknown, key: 'rules' | 'tests'): unknown[] {
  const list = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined
  return Array.isArray(list) ? list : []
}
