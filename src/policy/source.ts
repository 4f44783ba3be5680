/** @module policy/source: one policy file (YAML or JSON), validated, with faults at file:line:col. */
import { z } from 'zod'
import { parseYamlWithSchema } from '../config/yaml-source.js'
import type { ParsedYaml, Path, SourceFault } from '../config/yaml-source.js'
import { issueFaults } from './faults.js'
import type { PolicyFile, Rule } from './schema.js'
import { GroupsSchema, PolicyFileSchema, RuleSchema } from './schema.js'

export interface PolicySource { path: string; text: string }
export type PolicyFault = SourceFault
export type { Path }

/** A rule that validates on its own, and its index in the file's `rules:`. */
export interface SourceRule { readonly index: number; readonly rule: Rule }

export interface ParsedSource extends ParsedYaml<PolicyFile> {
  /** Every rule of the file that validates on its own, even when another part of the file does not. */
  readonly rules: readonly SourceRule[]
  /** Every group of the file that validates on its own: name → agent ids. */
  readonly groups: ReadonlyMap<string, readonly string[]>
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
  if (raw.faults.length > 0) return { ...base, data: undefined, faults: raw.faults, rules: [], ids: [], groups: new Map() }
  const parsed = PolicyFileSchema.safeParse(raw.data, { reportInput: true })
  if (parsed.success) {
    const rules = (parsed.data.rules ?? []).map((rule, index) => ({ index, rule }))
    return { ...base, data: parsed.data, faults: [], rules, ids: rules.map((r) => ({ index: r.index, id: r.rule.id })), groups: new Map(Object.entries(parsed.data.groups ?? {})) }
  }
  const list = rawRules(raw.data)
  const rules: SourceRule[] = []
  const ids: { index: number; id: string }[] = []
  list.forEach((r, index) => {
    const one = RuleSchema.safeParse(r)
    if (one.success) rules.push({ index, rule: one.data })
    const id = typeof r === 'object' && r !== null ? (r as { id?: unknown }).id : undefined
    if (typeof id === 'string') ids.push({ index, id })
  })
  return { ...base, data: undefined, faults: issueFaults(parsed.error.issues, raw.fault), rules, ids, groups: rawGroups(raw.data) }
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

function rawRules(raw: unknown): unknown[] {
  const list = typeof raw === 'object' && raw !== null ? (raw as { rules?: unknown }).rules : undefined
  return Array.isArray(list) ? list : []
}
