/** @module binding/signature-base: the profile constants and the RFC 9421 §2.5 signature base. */
import type { InnerList, Item } from 'structured-headers'
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

/** RFC 9421 §2.3: the `@signature-params` value, the serialised inner list. */
export function serializeSignatureParams(list: InnerList): string {
  return serializeInnerList(list)
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
