/** @module binding/parse: verification steps 1 and 2, finding the one Verbatim signature (RFC 9421 §3.2). */
import type { InnerList, Item } from 'structured-headers'
import { isInnerList } from 'structured-headers'
import { VerbatimError } from '../errors/index.js'
import type { BindingDecision } from './decision-header.js'
import { DECISION_HEADER, parseDecision } from './decision-header.js'
import { parseContentDigest } from './digest.js'
import { checkSignatureInputSpelling, checkSignatureSpelling } from './members.js'
import { dictionaryField } from './sf-field.js'
import { NONCE_PATTERN } from './sign.js'
import type { SignatureParams } from './signature-base.js'
import { COVERED_COMPONENTS, SIGNATURE_LABEL, SIGNATURE_PARAMS, SIGNATURE_TAG, queryComponent, serializeSignatureParams, signatureBase } from './signature-base.js'

/** What the verifier needs from the received request. `headers` returns the combined field value or null. */
export interface BindingRequest {
  method: string
  path: string
  /** The raw query, with or without `?`; empty when there is none. */
  query: string
  headers: (name: string) => string | null
}

export interface ParsedBinding {
  label: string
  components: string[]
  params: SignatureParams
  signature: Uint8Array
  decision: BindingDecision
  digestHeader: string
  /** The sha-256 member of Content-Digest (32 bytes). */
  digest: Uint8Array
  method: string
  path: string
  signatureBase: string
}

// RFC 9110 §5.5 / RFC 9421 §2.1: a field value without its leading and trailing SP and HTAB.
function header(req: BindingRequest, name: string): string | null {
  const v = req.headers(name)
  return v === null ? null : v.replace(/^[ \t]+|[ \t]+$/g, '')
}

function field(req: BindingRequest, name: string): string {
  const v = header(req, name)
  if (v === null) throw new VerbatimError('ERR_GUARD_PARAMS_MISSING', `covered header ${name} is absent`)
  return v
}

/** Step 1: exactly one Signature-Input member tagged verbatim-v1, paired with a Signature member of the same label. */
function selectSignature(req: BindingRequest): { label: string; list: InnerList; signature: Uint8Array; serialised: string } {
  const si = header(req, 'signature-input')
  const sg = header(req, 'signature')
  // 1a: an empty field is an absent field.
  if (si === null || sg === null || si === '' || sg === '') throw new VerbatimError('ERR_GUARD_SIGNATURE_MISSING', 'Signature or Signature-Input is absent')
  const inputs = dictionaryField(si, 'Signature-Input') // 1b
  const sigs = dictionaryField(sg, 'Signature')
  // 1c, RFC 9421 §2.3 / §7.2.5: the tag, not the label, tells which signature is ours; others are ignored.
  const tagged = [...inputs].filter((e): e is [string, InnerList] => isInnerList(e[1]) && e[1][1].get('tag') === SIGNATURE_TAG)
  const first = tagged[0]
  if (first === undefined) throw new VerbatimError('ERR_GUARD_SIGNATURE_MISSING', 'no signature is tagged verbatim-v1')
  if (tagged.length > 1) throw new VerbatimError('ERR_GUARD_SIGNATURE_MULTIPLE', `${tagged.length} signatures are tagged verbatim-v1`)
  const [label, list] = first
  const sig = sigs.get(label) // 1d
  if (sig === undefined) throw new VerbatimError('ERR_GUARD_SIGNATURE_MULTIPLE', `Signature has no member labelled ${label}`)
  if (isInnerList(sig) || !(sig[0] instanceof ArrayBuffer)) throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', 'Signature member is not a byte sequence')
  // 1e, profile rule: a fixed label (RFC 9421 §7.2.5 lets intermediaries relabel; none sits legitimately between gate and guard).
  if (label !== SIGNATURE_LABEL) throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `the verbatim-v1 signature must be labelled ${SIGNATURE_LABEL}`)
  const signature = new Uint8Array(sig[0])
  checkSignatureSpelling(sg, label, signature) // 1f
  // RFC 9421 §2.3: @signature-params is the re-serialised member; 1g holds the member to it, 2j signs over it.
  const serialised = serializeSignatureParams(list)
  checkSignatureInputSpelling(si, label, list, serialised) // 1g
  return { label, list, signature, serialised }
}

/** Step 2a-2e: exactly the six parameters, with their types, and exactly the covered components in order. */
function readParams(list: InnerList): { components: string[]; params: SignatureParams } {
  const [items, p] = list
  for (const name of p.keys()) {
    if (!(SIGNATURE_PARAMS as readonly string[]).includes(name)) throw new VerbatimError('ERR_GUARD_PARAMS_MISSING', `unexpected signature parameter ${name}`)
  }
  for (const name of SIGNATURE_PARAMS) {
    if (!p.has(name)) throw new VerbatimError('ERR_GUARD_PARAMS_MISSING', `signature parameter ${name} is missing`)
  }
  const int = (n: string): number => {
    const v = p.get(n)
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `${n} is not a non-negative integer`)
    return v
  }
  const str = (n: string): string => {
    const v = p.get(n)
    if (typeof v !== 'string' || v === '') throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `${n} is not a non-empty string`)
    return v
  }
  const params: SignatureParams = { created: int('created'), expires: int('expires'), nonce: str('nonce'), keyid: str('keyid'), alg: str('alg'), tag: str('tag') }
  if (!NONCE_PATTERN.test(params.nonce)) throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', 'nonce is not at least 128 bits of base64url')
  const components = items.map((it: Item) => {
    // RFC 9421 §2.1: component identifiers are sf-strings; Verbatim uses none of their parameters (sf, key, bs, req, tr).
    if (typeof it[0] !== 'string' || it[1].size !== 0) throw new VerbatimError('ERR_GUARD_PARAMS_MISSING', 'covered components must be plain strings')
    return it[0]
  })
  if (components.length !== COVERED_COMPONENTS.length || components.some((c, i) => c !== COVERED_COMPONENTS[i])) {
    throw new VerbatimError('ERR_GUARD_PARAMS_MISSING', `covered components must be exactly (${COVERED_COMPONENTS.join(' ')})`)
  }
  return { components, params }
}

/**
 * Verification steps 1-2 of docs/binding.md: selects the single verbatim-v1 signature, checks its
 * spelling, parameters and components, parses Content-Digest and Verbatim-Decision, and rebuilds the signature base.
 * Throws ERR_GUARD_SIGNATURE_MISSING / _MULTIPLE / _MALFORMED or ERR_GUARD_PARAMS_MISSING.
 */
export function parseBinding(req: BindingRequest): ParsedBinding {
  const { label, list, signature, serialised } = selectSignature(req)
  const { components, params } = readParams(list)
  const digestHeader = field(req, 'content-digest') // 2f
  const decisionHeader = field(req, DECISION_HEADER) // 2g
  const digest = parseContentDigest(digestHeader) // 2h
  const decision = parseDecision(decisionHeader) // 2i
  const base = signatureBase( // 2j
    { '@method': req.method, '@path': req.path === '' ? '/' : req.path, '@query': queryComponent(req.query), 'content-digest': digestHeader, 'verbatim-decision': decisionHeader },
    serialised,
  )
  return { label, components, params, signature, decision, digestHeader, digest, method: req.method, path: req.path, signatureBase: base }
}
