/** @module binding/verify: pure verification steps 3, 4, 6, 7, 8 and 9 of docs/binding.md. */
import type { KeyObject } from 'node:crypto'
import { timingSafeEqual, verify } from 'node:crypto'
import { VerbatimError } from '../errors/index.js'
import { sha256 } from './digest.js'
import type { ParsedBinding } from './parse.js'
import type { SignatureParams } from './signature-base.js'
import { SIGNATURE_ALG } from './signature-base.js'

export const DEFAULT_SKEW_SECONDS = 30

// RFC 9110 §9.1: methods are case-sensitive, and every method a Verbatim gate signs is uppercase letters.
const METHOD = /^[A-Z]+$/

/**
 * The pre-check before the body (docs/binding.md §6): the method is uppercase letters A-Z. HTTP stacks disagree on
 * other spellings (node's parser refuses `post`, the Fetch standard turns it into `POST`), so every guard refuses them
 * first, with the code node's parser gives them; else ERR_INTAKE_MALFORMED_HTTP.
 */
export function checkMethod(method: string): void {
  if (!METHOD.test(method)) throw new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', `the method ${JSON.stringify(method.slice(0, 32))} is not uppercase letters A-Z`)
}
export const DEFAULT_TTL_SECONDS = 60
export const DEFAULT_MAX_TTL_SECONDS = 300

export interface WindowOptions {
  /** Allowed clock difference between gate and guard, default 30 s. */
  skewSeconds?: number
  /** Longest accepted expires - created, default 300 s. */
  maxTtlSeconds?: number
}

/** Step 3: `alg` is on the allow-list (only ed25519 by default; RFC 9421 §7.3.6 do not trust a key's own alg). */
export function checkAlg(parsed: ParsedBinding, allowed: readonly string[] = [SIGNATURE_ALG]): void {
  if (!allowed.includes(parsed.params.alg)) throw new VerbatimError('ERR_GUARD_ALG_UNSUPPORTED', `alg ${parsed.params.alg} is not allowed`)
}

/**
 * Step 4: the window. `now` in unix seconds. Rejects, in this order: a window that is empty or longer
 * than maxTtl, created beyond now + skew, expires before now - skew.
 */
export function checkWindow(params: SignatureParams, now: number, options: WindowOptions = {}): void {
  const skew = options.skewSeconds ?? DEFAULT_SKEW_SECONDS
  const maxTtl = options.maxTtlSeconds ?? DEFAULT_MAX_TTL_SECONDS
  const { created, expires } = params
  if (expires <= created || expires - created > maxTtl) throw new VerbatimError('ERR_GUARD_NOT_YET_VALID', `window ${expires - created}s is outside (0, ${maxTtl}]`)
  if (created > now + skew) throw new VerbatimError('ERR_GUARD_NOT_YET_VALID', `created ${created} is beyond now ${now} + skew ${skew}`)
  // RFC 9421 §3.2 step 8 / §7.2.2: reject once expires is in the past, allowing for skew.
  if (now > expires + skew) throw new VerbatimError('ERR_GUARD_EXPIRED', `expired at ${expires}, now ${now}, skew ${skew}`)
}

/**
 * Step 10a, the restart rule, for a replay store that forgot its nonces when the guard started.
 * The previous process may have accepted, at any time before `startedAt`, a binding whose created
 * lies up to `skew` in its future; so every binding created at or before startedAt + skew is refused.
 */
export function checkRestart(params: SignatureParams, startedAt: number, skewSeconds: number = DEFAULT_SKEW_SECONDS): void {
  if (params.created <= startedAt + skewSeconds) {
    throw new VerbatimError('ERR_GUARD_BEFORE_START', `created ${params.created} is not after guard start ${startedAt} + skew ${skewSeconds}`)
  }
}

/**
 * How long a claimed nonce must be remembered, in seconds from `now`: the window is checked in whole
 * seconds and stays open through second expires + skew, so the nonce lives one second longer than
 * expires + skew - now, whatever fraction of `now` has passed.
 */
export function replayHoldSeconds(params: SignatureParams, now: number, skewSeconds: number = DEFAULT_SKEW_SECONDS): number {
  return Math.max(1, params.expires + skewSeconds - now) + 1
}

/** Step 6: the Ed25519 signature over the signature base (RFC 9421 §3.3.6, RFC 8032 §5.1.7). */
export function verifySignature(parsed: ParsedBinding, publicKey: KeyObject): void {
  let ok = false
  try {
    ok = publicKey.asymmetricKeyType === 'ed25519' && parsed.signature.length === 64 && verify(null, Buffer.from(parsed.signatureBase, 'ascii'), publicKey, parsed.signature)
  } catch {
    ok = false
  }
  if (!ok) throw new VerbatimError('ERR_GUARD_SIGNATURE_INVALID')
}

/** Step 7: SHA-256 recomputed over the raw received bytes, never a decoded string (RFC 9530 §2). */
export function checkDigest(parsed: ParsedBinding, body: Uint8Array): void {
  const got = sha256(body)
  if (got.length !== parsed.digest.length || !timingSafeEqual(got, parsed.digest)) throw new VerbatimError('ERR_GUARD_DIGEST_MISMATCH')
}

/** Step 8: the binding is for this executor. */
export function checkAudience(parsed: ParsedBinding, audience: string): void {
  if (parsed.decision.audience !== audience) throw new VerbatimError('ERR_GUARD_AUDIENCE', 'binding is for another audience')
}

/**
 * Step 9 of an MCP binding (docs/binding.md §13): the decision names `mcp:{server}{suffix}`, where
 * the suffix is what the guard derives from the request itself (the JSON-RPC message of a POST, or
 * /stream for GET and /session/delete for DELETE), and its `session` and `protocol` members are the
 * request's Mcp-Session-Id and MCP-Protocol-Version (each: both absent, or equal).
 */
export function checkMcpTarget(parsed: ParsedBinding, suffix: string, sessionHeader: string | null, protocolHeader: string | null): void {
  const tool = parsed.decision.tool
  const slash = tool.indexOf('/')
  if (!tool.startsWith('mcp:') || slash <= 'mcp:'.length) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', 'the decision does not name an MCP message')
  if (tool.slice(slash) !== suffix) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', `the decision names ${tool}, the request is …${suffix}`)
  if ((parsed.decision.session ?? null) !== sessionHeader) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', 'Mcp-Session-Id is not the session the decision names')
  if ((parsed.decision.protocol ?? null) !== protocolHeader) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', 'MCP-Protocol-Version is not the revision the decision names')
}

/** Step 9: POST, and the signed path ends in `/v1/tools/{decision.tool}`. */
export function checkTarget(parsed: ParsedBinding): void {
  if (parsed.method !== 'POST') throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', `method ${parsed.method} is not POST`)
  if (!parsed.path.endsWith(`/v1/tools/${parsed.decision.tool}`)) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', 'path does not name the decided tool')
}
