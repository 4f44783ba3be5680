/** @module binding/signature-base: the profile constants and the RFC 9421 §2.5 signature base. */
import type { BareItem, InnerList, Item, Parameters } from 'structured-headers'
import { serializeInnerList } from 'structured-headers'
import { VerbatimError } from '../errors/index.js'
import { sfInteger, sfString } from './sf-write.js'

/** The signature label the gate uses (RFC 9421 §4.1). Verifiers select by `tag`, not by label. */
export const SIGNATURE_LABEL = 'verbatim'
/** The application tag (RFC 9421 §2.3 `tag`) that marks a Verbatim binding. */
export const SIGNATURE_TAG = 'verbatim-v1'
/** RFC 9421 §6.2.2 registered name for Ed25519 (§3.3.6). */
export const SIGNATURE_ALG = 'ed25519'
/** The covered components, exactly this list in this order. */
export const COVERED_COMPONENTS = ['@method', '@path', '@query', 'content-digest', 'verbatim-decision'] as const
/** The signature parameters, in the order the gate serialises them. */
export const SIGNATURE_PARAMS = ['created', 'expires', 'nonce', 'keyid', 'alg', 'tag'] as const

export interface SignatureParams {
  created: number
  expires: number
  nonce: string
  keyid: string
  alg: string
  tag: string
}

/** The value of each covered component, keyed by component name. */
export type ComponentValues = Record<(typeof COVERED_COMPONENTS)[number], string>

/** RFC 9421 §2.2.7: `@query` is the query with its leading `?`, or `?` when there is none. */
export function queryComponent(query: string | undefined): string {
  if (query === undefined || query === '') return '?'
  return query.startsWith('?') ? query : `?${query}`
}

/** The Signature-Input member as an RFC 8941 Inner List with parameters. */
export function signatureParamsList(params: SignatureParams): InnerList {
  const items: Item[] = COVERED_COMPONENTS.map((c) => [c, new Map()])
  const p = new Map<string, number | string>()
  for (const name of SIGNATURE_PARAMS) p.set(name, params[name])
  return [items, p]
}

const COVERED_LIST = `(${COVERED_COMPONENTS.map((c) => `"${c}"`).join(' ')})`

/**
 * RFC 9421 §2.3: the `@signature-params` value the gate signs, written directly: the inner list of
 * the covered components, then the parameters in the order of SIGNATURE_PARAMS (RFC 8941 §4.1.1.1,
 * §4.1.1.2; tests/binding/sf-write.test.ts holds it equal to serializeSignatureParams).
 */
export function signatureParamsText(p: SignatureParams): string {
  return `${COVERED_LIST};created=${sfInteger(p.created)};expires=${sfInteger(p.expires)};nonce=${sfString(p.nonce)};keyid=${sfString(p.keyid)};alg=${sfString(p.alg)};tag=${sfString(p.tag)}`
}

const KEY = /^[a-z*][a-z0-9_\-.*]*$/
const PRINTABLE = /^[\x20-\x7e]*$/

/** RFC 8941 §4.1.3.1 for the bare items a Signature-Input holds (Strings, Integers, Byte Sequences); undefined for others. */
function bareText(v: BareItem): string | undefined {
  if (typeof v === 'string') return PRINTABLE.test(v) ? sfString(v) : undefined
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= 999_999_999_999_999 && !Object.is(v, -0) ? String(v) : undefined
  if (v instanceof ArrayBuffer) return `:${Buffer.from(v).toString('base64')}:`
  return undefined
}

/** RFC 8941 §4.1.1.2: `;key=value` each, or undefined when one needs the serialiser (a true value, another type). */
function paramsText(p: Parameters): string | undefined {
  let out = ''
  for (const [k, v] of p) {
    const text = KEY.test(k) ? bareText(v) : undefined
    if (text === undefined) return undefined
    out += `;${k}=${text}`
  }
  return out
}

/**
 * RFC 9421 §2.3: the `@signature-params` value, the serialised inner list (RFC 8941 §4.1.1.1), written directly for
 * the types a Signature-Input holds and by the structured-headers serialiser otherwise (tests/binding/sf-write.test.ts
 * holds the two equal).
 */
export function serializeSignatureParams(list: InnerList): string {
  let out = '('
  for (const [i, [value, params]] of list[0].entries()) {
    const text = bareText(value)
    const p = paramsText(params)
    if (text === undefined || p === undefined) return serializeInnerList(list)
    out += i === 0 ? text + p : ` ${text}${p}`
  }
  const p = paramsText(list[1])
  return p === undefined ? serializeInnerList(list) : `${out})${p}`
}

// RFC 9421 §2.1 and §2.5: the base is ASCII lines; the profile admits only SP and VCHAR in a component
// value (no HTAB, no obs-text, no control), so every base has one spelling. The gate never emits a tab.
const BASE_SAFE = /^[\x20-\x7e]*$/

/**
 * Builds the signature base (RFC 9421 §2.5): one line `"name": value` per covered component,
 * in order, then `"@signature-params": <serialised inner list>`, joined by LF, no trailing LF.
 */
export function signatureBase(values: ComponentValues, signatureParams: string): string {
  const lines: string[] = []
  for (const name of COVERED_COMPONENTS) {
    const v = values[name]
    if (!BASE_SAFE.test(v)) throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `component ${name} holds a byte the signature base cannot carry`)
    lines.push(`"${name}": ${v}`)
  }
  lines.push(`"@signature-params": ${signatureParams}`)
  return lines.join('\n')
}
