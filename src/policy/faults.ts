/** @module policy/faults: zod issues on a policy file, as faults that say what is wrong and suggest the fix. */
import { z } from 'zod'
import type { core } from 'zod'
import type { ParsedYaml, Path, SourceFault } from '../config/yaml-source.js'
import { ConditionSchema, NO_CONTENT, NO_OPERATOR, NO_POINTER, OPERATORS, PolicyFileSchema } from './schema.js'
import { closestName } from './suggest.js'

type Locate = ParsedYaml<unknown>['fault']

function unwrap(s: z.ZodType, seg?: PropertyKey): z.ZodType {
  let t = s
  for (;;) {
    if (t instanceof z.ZodOptional || t instanceof z.ZodDefault) t = t.unwrap() as z.ZodType
    // pathUnder: a string, a list or an object: the member the next path segment can enter.
    else if (t instanceof z.ZodUnion) t = (t.options as z.ZodType[]).find((o) => unwrap(o) instanceof (typeof seg === 'number' ? z.ZodArray : z.ZodObject)) ?? t.options[0] as z.ZodType
    else return t
  }
}

/** The object schema that a value path of a policy file lands on, if any. */
function objectAt(path: Path): z.ZodObject | undefined {
  let s = unwrap(PolicyFileSchema)
  for (const [i, seg] of path.entries()) {
    s = unwrap(s, seg)
    if (s instanceof z.ZodRecord) {
      s = unwrap(s.valueType as z.ZodType, path[i + 1])
    } else if (s instanceof z.ZodObject) {
      const child = (s.shape as Record<string, z.ZodType | undefined>)[String(seg)]
      if (child === undefined) return undefined
      s = unwrap(child, path[i + 1])
    } else if (s instanceof z.ZodArray) {
      s = unwrap(s.element as z.ZodType, path[i + 1])
    } else {
      return undefined
    }
  }
  s = unwrap(s)
  return s instanceof z.ZodObject ? s : undefined
}

const quote = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v))
const where = (path: Path): string => (path.length === 0 ? 'file' : path.map(String).join('.'))
const key = (path: Path): string => path.map(String).join('\u0000')

function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
  if (shown.length <= 2) return shown.join(' or ')
  return `one of ${shown.join(', ')}`
}

/** One fault per unknown key, with the closest known key (or operator) when one is close. */
function unknownKeyFaults(issue: core.$ZodIssueUnrecognizedKeys, locate: Locate): SourceFault[] {
  const object = objectAt(issue.path)
  const known = object === undefined ? [] : Object.keys(object.shape)
  const isCondition = object === ConditionSchema
  return issue.keys.map((k) => {
    const best = closestName(k, known)
    const what = isCondition && best !== 'pointer' ? 'operator' : 'key'
    const hint = best !== undefined
      ? `; did you mean '${best}'?`
      : ` (${what === 'operator' ? `operators: ${OPERATORS.join(', ')}` : `expected: ${known.join(', ')}`})`
    return locate([...issue.path, k], `${where(issue.path)}: unknown ${what} '${k}'${hint}`, 'key')
  })
}

function kindParam(issue: core.$ZodIssue): unknown {
  return issue.code === 'custom' ? (issue.params as { kind?: unknown } | undefined)?.kind : undefined
}

/**
 * Explains every issue of one file at once, each where `yaml` saw it, sorted by position. One
 * mistake gives one fault: an unknown key that suggests a missing required key, operator or pointer
 * stands for that key's "missing" fault too.
 */
export function issueFaults(given: readonly core.$ZodIssue[], locate: Locate): SourceFault[] {
  const issues = given.flatMap(flattenUnion)
  const unknownAt = new Map<string, string[]>()
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue
    const known = Object.keys(objectAt(issue.path)?.shape ?? {})
    unknownAt.set(key(issue.path), issue.keys.map((k) => closestName(k, known) ?? ''))
  }
  const out: SourceFault[] = []
  for (const issue of issues) {
    const at = where(issue.path)
    const kind = kindParam(issue)
    if (issue.code === 'unrecognized_keys') {
      out.push(...unknownKeyFaults(issue, locate))
    } else if (kind === NO_OPERATOR || kind === NO_POINTER) {
      if (!unknownAt.has(key(issue.path))) out.push(locate(issue.path, `${at}: ${issue.message}`))
    } else if (kind === NO_CONTENT) {
      const meant = unknownAt.get(key(issue.path)) ?? []
      if (!meant.includes('rules') && !meant.includes('tests')) out.push(locate(issue.path, `${at}: ${issue.message}`))
    } else if (issue.input === undefined && issue.path.length > 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
      const parent = issue.path.slice(0, -1)
      if (unknownAt.get(key(parent))?.includes(String(issue.path.at(-1)))) continue
      const expected = issue.code === 'invalid_type' ? issue.expected : oneOf(issue.values)
      out.push(locate(parent, `${at}: missing, expected ${expected}`))
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
  return out.sort((a, b) => a.line - b.line || a.col - b.col)
}

const KIND_NAMES: Readonly<Record<string, string>> = { string: 'a string', array: 'a list', object: 'an object', number: 'a number', boolean: 'true or false' }

/**
 * A value that no member of a union accepts: the member whose type fits the value explains it (a
 * pathUnder object with a bad root is about the root); a value of no member's type gets one line
 * naming the types it may have.
 */
function flattenUnion(issue: core.$ZodIssue): core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue]
  const typeMiss = (branch: readonly core.$ZodIssue[]): boolean => branch.some((i) => i.path.length === 0 && i.code === 'invalid_type')
  const fits = issue.errors.filter((b) => !typeMiss(b))
  if (fits.length === 1) return (fits[0] as core.$ZodIssue[]).map((i) => ({ ...i, path: [...issue.path, ...i.path] })).flatMap(flattenUnion)
  const kinds = issue.errors.flatMap((b) => b.filter((i) => i.path.length === 0 && i.code === 'invalid_type').map((i) => (i as { expected: string }).expected))
  const names = [...new Set(kinds)].map((k) => KIND_NAMES[k] ?? k)
  const got = issue.input === undefined ? '' : `, got ${kindOf(issue.input)}`
  return [{ code: 'custom', path: issue.path, input: issue.input, message: `expected ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1) ?? 'another value'}${got}` }]
}
