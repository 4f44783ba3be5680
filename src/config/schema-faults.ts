/**
 * @module config/schema-faults: zod issues on any file an operator writes (verbatim.yaml, guard.yaml,
 * a policy, a tool list) as faults that say what is wrong where, and suggest the fix.
 */
import type { core, z } from 'zod'
import type { Path, SourceFault } from './source-fault.js'
import { closestName } from './suggest.js'

/** A fault at the node a value path addresses (ParsedYaml.fault). */
type Locate = (path: Path, message: string, at?: 'key' | 'value') => SourceFault
type Issue = core.$ZodIssue
type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; options?: z.ZodType[]; innerType?: z.ZodType; in?: z.ZodType; valueType?: z.ZodType; getter?: () => z.ZodType }

/** How one file's own rules are explained; the defaults serve a file with no rules of its own. */
export interface FaultHooks {
  /**
   * A fault for an issue the file explains its own way, null to drop it (another fault stands for
   * it), or undefined for the common wording. `meant` lists what each unknown key at a path was
   * probably meant to be ('' where nothing is close).
   */
  explain?(issue: Issue, meant: (path: Path) => readonly string[]): SourceFault | null | undefined
  /**
   * How an unknown key in the object at `path` is named ('key' by default; a policy condition says
   * 'operator') and, when no known key is close, what to list instead of the object's keys.
   */
  unknownKey?(path: Path, key: string, best: string | undefined): { what: string; expected?: string } | undefined
}

const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def

/** The schemas a value path can land on: through wrappers, and every member of a union. */
export function schemasAt(root: z.ZodType, path: Path): z.ZodType[] {
  let here = open([root])
  for (const seg of path) {
    here = open(here.flatMap((s) => {
      const d = def(s)
      if (d.type === 'object') return d.shape?.[String(seg)] === undefined ? [] : [d.shape[String(seg)] as z.ZodType]
      if (d.type === 'array' && typeof seg === 'number') return d.element === undefined ? [] : [d.element]
      if (d.type === 'record') return d.valueType === undefined ? [] : [d.valueType]
      return []
    }))
  }
  return here
}

/** Unwraps optional, default, prefault, pipes and lazies, and spreads unions into their members. */
function open(list: readonly z.ZodType[], depth = 0): z.ZodType[] {
  if (depth > 16) return [...list]
  return list.flatMap((s) => {
    const d = def(s)
    if (d.type === 'union' && d.options !== undefined) return open(d.options, depth + 1)
    if (d.innerType !== undefined) return open([d.innerType], depth + 1)
    if (d.type === 'pipe' && d.in !== undefined) return open([d.in], depth + 1)
    if (d.type === 'lazy' && d.getter !== undefined) return open([d.getter()], depth + 1)
    return [s]
  })
}

/** The keys any object schema at `path` knows, in schema order. */
export function knownKeys(root: z.ZodType, path: Path): string[] {
  return [...new Set(schemasAt(root, path).flatMap((s) => (def(s).type === 'object' ? Object.keys(def(s).shape ?? {}) : [])))]
}

const where = (path: Path): string => (path.length === 0 ? 'file' : path.map(String).join('.'))
const keyOf = (path: Path): string => path.map(String).join('\u0000')
const quote = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v))

export function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
  return shown.length <= 2 ? shown.join(' or ') : `one of ${shown.join(', ')}`
}

const KIND_NAMES: Readonly<Record<string, string>> = { string: 'a string', array: 'a list', object: 'an object', number: 'a number', boolean: 'true or false' }
const DEFAULT_UNION = 'Invalid input'

/**
 * A value no member of a union accepts. The member its shape fits explains it (a mapping with the
 * keys of one member); a mapping whose keys fit no member gets one fault per unknown key; a value of
 * no member's type gets one line naming the types it may have, or the union's own message.
 */
function flattenUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue]
  const nest = (branch: readonly Issue[]): Issue[] => branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue).flatMap(flattenUnion)
  const typeMiss = (b: readonly Issue[]): boolean => b.some((i) => i.path.length === 0 && i.code === 'invalid_type')
  const strays = (b: readonly Issue[]): boolean => b.some((i) => i.path.length === 0 && i.code === 'unrecognized_keys')
  const fits = issue.errors.filter((b) => !typeMiss(b))
  const clean = fits.filter((b) => !strays(b))
  if (fits.length === 1) return nest(fits[0] as Issue[])
  if (clean.length === 1) return nest(clean[0] as Issue[])
  if (fits.length > 0 && clean.length === 0) {
    // Keys no member knows: one fault each (the "missing" faults of every member would be noise).
    const sets = fits.map((b) => new Set(b.flatMap((i) => (i.path.length === 0 && i.code === 'unrecognized_keys' ? i.keys : []))))
    const keys = [...(sets[0] ?? [])].filter((k) => sets.every((s) => s.has(k)))
    return [{ code: 'unrecognized_keys', keys, path: issue.path, input: issue.input, message: '' } as Issue]
  }
  if (issue.message !== DEFAULT_UNION) return [{ code: 'custom', path: issue.path, input: issue.input, message: issue.message } as Issue]
  const kinds = issue.errors.flatMap((b) => b.filter((i) => i.path.length === 0 && i.code === 'invalid_type').map((i) => (i as { expected: string }).expected))
  const names = [...new Set(kinds)].map((k) => KIND_NAMES[k] ?? k)
  const got = issue.input === undefined ? '' : `, got ${kindOf(issue.input)}`
  return [{ code: 'custom', path: issue.path, input: issue.input, message: `expected ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1) ?? 'another value'}${got}` } as Issue]
}

/**
 * Explains every zod issue of one file at once, each where `yaml` saw it, sorted by position. One
 * mistake gives one fault: an unknown key close to a known one says "did you mean", and stands for
 * that key's "missing" fault too; a union is explained by the member the value was meant for.
 * @example schemaFaults(ConfigSchema, parsed.error.issues, doc.fault)
 */
export function schemaFaults(root: z.ZodType, given: readonly Issue[], locate: Locate, hooks: FaultHooks = {}): SourceFault[] {
  const issues = given.flatMap(flattenUnion)
  const meantAt = new Map<string, string[]>()
  for (const i of issues) {
    if (i.code !== 'unrecognized_keys') continue
    const known = knownKeys(root, i.path)
    meantAt.set(keyOf(i.path), [...(meantAt.get(keyOf(i.path)) ?? []), ...i.keys.map((k) => closestName(k, known) ?? '')])
  }
  const meant = (path: Path): readonly string[] => meantAt.get(keyOf(path)) ?? []
  const out: SourceFault[] = []
  for (const issue of issues) {
    const own = hooks.explain?.(issue, meant)
    if (own === null) continue
    if (own !== undefined) {
      out.push(own)
      continue
    }
    const at = where(issue.path)
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(root, issue.path)
      for (const k of issue.keys) {
        const best = closestName(k, known)
        const named = hooks.unknownKey?.(issue.path, k, best)
        const expected = named?.expected ?? (known.length > 0 ? `expected: ${known.join(', ')}` : undefined)
        const hint = best !== undefined ? `; did you mean '${best}'?` : expected !== undefined ? ` (${expected})` : ''
        const what = named?.what ?? 'key'
        out.push(locate([...issue.path, k], `${at}: unknown ${what} '${k}'${hint}`, 'key'))
      }
    } else if (issue.input === undefined && issue.path.length > 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
      // Missing: unless a misspelt key next to it was meant to be this one (that fault says so).
      const parent = issue.path.slice(0, -1)
      if (meant(parent).includes(String(issue.path.at(-1)))) continue
      out.push(locate(parent, `${at}: missing, expected ${issue.code === 'invalid_type' ? issue.expected : oneOf(issue.values)}`))
    } else if (issue.code === 'invalid_value') {
      const strings = issue.values.filter((v): v is string => typeof v === 'string')
      const best = typeof issue.input === 'string' ? closestName(issue.input, strings) : undefined
      out.push(locate(issue.path, `${at}: expected ${oneOf(issue.values)}, got ${quote(issue.input)}${best === undefined ? '' : `; did you mean '${best}'?`}`))
    } else if (issue.code === 'invalid_type') {
      out.push(locate(issue.path, `${at}: expected ${issue.expected}, got ${kindOf(issue.input)}`))
    } else {
      out.push(locate(issue.path, `${at}: ${issue.message}`))
    }
  }
  return orderFaults(out)
}

/** By position, each fault once (two members of a union may report the same thing). */
export function orderFaults(faults: readonly SourceFault[]): SourceFault[] {
  const seen = new Set<string>()
  return faults
    .filter((f) => {
      const k = `${f.file}\0${f.line}\0${f.col}\0${f.message}`
      return seen.has(k) ? false : (seen.add(k), true)
    })
    .sort((a, b) => a.line - b.line || a.col - b.col)
}
