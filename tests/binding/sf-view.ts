/**
 * @module tests/binding/sf-view: a typed, comparable view of a parsed Dictionary, and the property the direct reader
 * (binding/sf-canonical) keeps against the full parser (binding/sf): it declines, or both read the same Dictionary.
 */
import type { BareItem, Dictionary, InnerList, Item, Parameters } from 'structured-headers'
import { DisplayString, Token } from 'structured-headers'
import { expect } from 'vitest'
import { parseUniqueDictionary } from '../../src/binding/sf.js'
import { readCanonicalDictionary } from '../../src/binding/sf-canonical.js'

// Map order, each value's type, bytes as hex (toEqual tells 0 from -0).
export function bare(v: BareItem): unknown {
  if (v instanceof ArrayBuffer) return { bytes: Buffer.from(v).toString('hex') }
  if (v instanceof Token) return { token: v.toString() }
  if (v instanceof DisplayString) return { display: v.toString() }
  if (v instanceof Date) return { date: v.getTime() }
  return { [typeof v]: v }
}
const params = (p: Parameters): unknown => [...p].map(([k, v]) => [k, bare(v)])
const member = (m: Item | InnerList): unknown => (Array.isArray(m[0])
  ? { inner: (m[0] as Item[]).map((i) => [bare(i[0]), params(i[1])]), params: params(m[1]) }
  : { item: bare(m[0] as BareItem), params: params(m[1]) })
export const view = (d: Dictionary): unknown => [...d].map(([k, m]) => [k, member(m)])

/** The property: the direct reader declines (false), or the full parser accepts the field and gives the same Dictionary (true). */
export function agrees(field: string): boolean {
  const fast = readCanonicalDictionary(field)
  if (fast === undefined) return false
  expect(view(fast), JSON.stringify(field)).toEqual(view(parseUniqueDictionary(field)))
  return true
}
