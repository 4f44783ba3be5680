/** @module policy/lint-schema: check each condition of a rule against a tool's input JSON Schema. */
import type { Kind, SchemaNode } from './input-schema.js'
import { admits, childNode, declaredKeys, kindsOfType, listedValues, nodeKinds } from './input-schema.js'
import type { JsonValue } from './json.js'
import { pointerTokens } from './json.js'
import type { Condition, Operator } from './schema.js'
import { OPERATORS } from './schema.js'
import type { Path } from './source.js'
import { closestName } from './suggest.js'

/**
 * A mismatch between one condition and one tool's schema. `text` names the tools as `{tools}`, so
 * that the same mismatch on several tools is one finding. `required`: the condition must hold for
 * the rule to match (not under anyOf or not), so a mismatch makes the rule dead for that tool.
 */
export interface SchemaProblem { readonly path: Path; readonly text: string; readonly required: boolean }

const NEEDS: Partial<Record<Operator, { kinds: readonly Kind[]; name: string }>> = {
  min: { kinds: ['integer', 'fraction'], name: 'a number' },
  max: { kinds: ['integer', 'fraction'], name: 'a number' },
  ...Object.fromEntries(['minLength', 'maxLength', 'minBytes', 'maxBytes', 'prefix', 'pattern', 'pathUnder', 'urlHost']
    .map((op) => [op, { kinds: ['string'], name: 'a string' }])),
  maxItems: { kinds: ['array'], name: 'an array' },
  each: { kinds: ['array'], name: 'an array' },
}

const ALL = 7

/** How the schema types a location, in JSON Schema's words: "string", "integer or null". */
function typeText(kinds: ReadonlySet<Kind>): string {
  const names: string[] = []
  const hasInt = kinds.has('integer')
  const hasFrac = kinds.has('fraction')
  for (const k of kinds) {
    if (k === 'integer') names.push(hasFrac ? 'number' : 'integer')
    else if (k !== 'fraction') names.push(k)
    else if (!hasInt) names.push('number')
  }
  return names.length === 0 ? 'never present' : names.join(' or ')
}

const show = (v: JsonValue): string => JSON.stringify(v)
const escapeToken = (t: string): string => t.replaceAll('~', '~0').replaceAll('/', '~1') // RFC 6901 §3

/** Walks a rule's `when` against the node of a tool's whole input. */
export function checkConditions(when: readonly Condition[], root: SchemaNode): SchemaProblem[] {
  const out: SchemaProblem[] = []
  when.forEach((c, i) => checkCondition(c, ['when', i], root, '', true, out))
  return out
}

function checkCondition(c: Condition, path: Path, base: SchemaNode, basePointer: string, required: boolean, out: SchemaProblem[]): void {
  const op = OPERATORS.find((o) => c[o] !== undefined) as Operator
  let node = base
  const pointer = basePointer + (c.pointer ?? '')
  if (c.pointer !== undefined) {
    let rel = ''
    for (const token of pointerTokens(c.pointer)) {
      const next = childNode(node, token)
      if (next.alts.length === 0) {
        const best = closestName(token, declaredKeys(node))
        // The fix is the pointer to write here, relative like the condition's own.
        const fix = best === undefined ? '' : `; did you mean '${rel}/${escapeToken(best)}'?`
        const at = basePointer + rel
        const where = at === '' ? 'the input' : `'${at}'`
        out.push({ path: [...path, 'pointer'], text: `'${pointer}' is not in the input schema of {tools}: ${where} has no ${JSON.stringify(token)}${fix}`, required })
        return
      }
      rel += `/${escapeToken(token)}`
      node = next
    }
  }
  const kinds = nodeKinds(node)
  const known = kinds.size < ALL
  const where = pointer === '' ? 'the input' : `'${pointer}'`
  const need = NEEDS[op]
  if (need !== undefined && known && !need.kinds.some((k) => kinds.has(k))) {
    out.push({ path: [...path, op], text: `${op} needs ${need.name}, but ${where} is ${typeText(kinds)} in the input schema of {tools}`, required })
    return
  }
  if (op === 'type' && known) {
    const t = c.type as string
    if (!kindsOfType(t).some((k) => kinds.has(k))) {
      out.push({ path: [...path, 'type'], text: `type ${t} contradicts the input schema of {tools}, where ${where} is ${typeText(kinds)}`, required })
    }
  }
  if (op === 'equals' || op === 'in') {
    const values = op === 'equals' ? [c.equals as JsonValue] : (c.in as JsonValue[])
    if (!values.some((v) => admits(node, v))) {
      const listed = listedValues(node)
      const allowed = listed !== undefined ? `one of ${listed.map(show).join(', ')}` : typeText(kinds)
      const what = op === 'equals' ? `${show(values[0] as JsonValue)} is not` : `none of ${show(values)} is`
      out.push({ path: [...path, op], text: `${what} allowed by the input schema of {tools}, where ${where} is ${allowed}`, required })
    }
  }
  if (op === 'each') {
    // "/*" stands for every element in messages; it is not a pointer anyone writes.
    checkCondition(c.each as Condition, [...path, 'each'], childNode(node, '0'), `${pointer}/*`, required, out)
  }
  if (op === 'allOf' || op === 'anyOf') {
    (c[op] as Condition[]).forEach((k, i) => checkCondition(k, [...path, op, i], node, pointer, required && op === 'allOf', out))
  }
  if (op === 'not') checkCondition(c.not as Condition, [...path, 'not'], node, pointer, false, out)
}
