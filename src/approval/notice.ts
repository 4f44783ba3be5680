/**
 * @module approval/notice: the webhook that tells approvers a call is waiting: a JSON body signed
 * with the gate's Ed25519 key as an RFC 9421 message signature over the method, the target URI and
 * the RFC 9530 Content-Digest, so a receiver can check it with the gate's published JWKS; pure.
 */
import { createHash, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import canonicalize from 'canonicalize'
import { parseDictionary, serializeInnerList } from 'structured-headers'
import type { InnerList, Item } from 'structured-headers'
import type { ApprovalTarget } from './subject.js'

export const NOTICE_TAG = 'verbatim-notice'
const LABEL = 'verbatim'
const COMPONENTS = ['@method', '@target-uri', 'content-digest', 'content-type'] as const
const CONTENT_TYPE = 'application/json'

/** What a notice says: which call waits, for whom, until when, and where to decide it. */
export interface NoticeBody extends Omit<ApprovalTarget, 'asked'> {
  type: 'verbatim.approval.pending'
  rules: string[]
  reasons: string[]
  groups: string[]
  /** The console page of this call. */
  url: string
}

function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`
}

function params(created: number, keyid: string): string {
  const list: InnerList = [COMPONENTS.map((c): Item => [c, new Map()]), new Map<string, string | number>([['created', created], ['keyid', keyid], ['alg', 'ed25519'], ['tag', NOTICE_TAG]])]
  return serializeInnerList(list)
}

// RFC 9421 §2.5: one line per component, then @signature-params.
function base(method: string, url: string, digest: string, sigParams: string): string {
  return [`"@method": ${method}`, `"@target-uri": ${url}`, `"content-digest": ${digest}`, `"content-type": ${CONTENT_TYPE}`, `"@signature-params": ${sigParams}`].join('\n')
}

/**
 * The request a webhook receives: RFC 8785 body, Content-Type, Content-Digest (RFC 9530),
 * Signature-Input and Signature (RFC 9421 §4), `created` = now (unix seconds).
 */
export function signNotice(body: NoticeBody, url: string, key: { kid: string; privateKey: KeyObject }, now: number): { body: Uint8Array; headers: Record<string, string> } {
  const bytes = new TextEncoder().encode(canonicalize(body) ?? '')
  const digest = contentDigest(bytes)
  const sigParams = params(now, key.kid)
  const sig = sign(null, Buffer.from(base('POST', url, digest, sigParams), 'ascii'), key.privateKey) // RFC 9421 §3.3.6
  return {
    body: bytes,
    headers: { 'content-type': CONTENT_TYPE, 'content-digest': digest, 'signature-input': `${LABEL}=${sigParams}`, signature: `${LABEL}=:${sig.toString('base64')}:` },
  }
}

/**
 * Verifies a notice as a receiver: the digest of the body, then the signature over the base rebuilt
 * from the request (the URL as the receiver was called), with the key its keyid names (the gate's
 * JWKS), created within `maxAgeSeconds` of now. Returns the body; throws an Error that says why.
 * @example verifyNotice({ url, headers: (n) => req.headers[n], body, key: (kid) => keys.get(kid), now: Date.now() / 1000 })
 */
export function verifyNotice(o: { url: string; headers: (name: string) => string | undefined; body: Uint8Array; key: (kid: string) => KeyObject | undefined; now: number; maxAgeSeconds?: number }): NoticeBody {
  const digest = o.headers('content-digest')
  if (digest !== contentDigest(o.body)) throw new Error('Content-Digest does not match the body')
  if (o.headers('content-type') !== CONTENT_TYPE) throw new Error('Content-Type is not application/json')
  const input = parseDictionary(o.headers('signature-input') ?? '').get(LABEL)
  const sigItem = parseDictionary(o.headers('signature') ?? '').get(LABEL)
  if (input === undefined || !Array.isArray(input[0]) || sigItem === undefined || !(sigItem[0] instanceof ArrayBuffer)) throw new Error('no verbatim signature')
  const p = input[1]
  const created = p.get('created')
  const kid = p.get('keyid')
  if (p.get('tag') !== NOTICE_TAG || p.get('alg') !== 'ed25519' || typeof created !== 'number' || typeof kid !== 'string') throw new Error('not a Verbatim notice signature')
  if ((input[0] as Item[]).map((i) => i[0]).join() !== COMPONENTS.join()) throw new Error('the signature does not cover @method, @target-uri, content-digest and content-type')
  if (Math.abs(o.now - created) > (o.maxAgeSeconds ?? 300)) throw new Error('the notice is too old, or from the future')
  const key = o.key(kid)
  if (key === undefined) throw new Error(`unknown keyid ${kid}`)
  if (!verify(null, Buffer.from(base('POST', o.url, digest, params(created, kid)), 'ascii'), key, Buffer.from(sigItem[0]))) throw new Error('the signature does not verify')
  return JSON.parse(new TextDecoder().decode(o.body)) as NoticeBody
}
