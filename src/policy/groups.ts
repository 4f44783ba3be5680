/** @module policy/groups: agent groups, defined once across every file of a policy and named in rules as "group:NAME". */
import type { ParsedSource, PolicyFault } from './source.js'
import { GROUP_PREFIX } from './schema.js'
import type { Rule } from './schema.js'
import { closestName } from './suggest.js'

/** Every group of the set: name → its members and the file that defines it. */
export type Groups = ReadonlyMap<string, { readonly members: readonly string[]; readonly file: string }>

/** Collects the groups of all files; a name defined twice is a fault at its second definition. */
export function collectGroups(parsed: readonly ParsedSource[], faults: PolicyFault[]): Groups {
  const out = new Map<string, { members: readonly string[]; file: string }>()
  for (const p of parsed) {
    for (const [name, members] of p.groups) {
      const first = out.get(name)
      if (first !== undefined) faults.push(p.fault(['groups', name], `groups.${name}: group '${name}' is already defined in ${first.file}: a group is defined once across all policy files`, 'key'))
      else out.set(name, { members, file: p.file })
    }
  }
  return out
}

/**
 * A rule's agents with every "group:NAME" replaced by its members; an unknown group is a fault at
 * its place, with the nearest group name when one is close.
 */
export function expandAgents(rule: Rule, groups: Groups, fault: (path: readonly PropertyKey[], message: string) => void): string[] {
  const out: string[] = []
  rule.agents.forEach((a, j) => {
    if (!a.startsWith(GROUP_PREFIX)) { out.push(a); return }
    const name = a.slice(GROUP_PREFIX.length)
    const g = groups.get(name)
    if (g !== undefined) { out.push(...g.members); return }
    const best = closestName(name, groups.keys())
    const known = [...groups.keys()]
    const hint = best !== undefined ? `; did you mean 'group:${best}'?` : known.length > 0 ? ` (groups: ${known.join(', ')})` : ' (no policy file defines groups:)'
    fault(['agents', j], `unknown group '${name}'${hint}`)
  })
  return [...new Set(out)]
}
