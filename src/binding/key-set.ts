/** @module binding/key-set: trusted Ed25519 keys from a JWKS file or a literal set (read into kid → key), or a JWKS URL (through jose). */
import type { JsonWebKey, KeyObject } from 'node:crypto'
import { KeyObject as NodeKeyObject, createPublicKey } from 'node:crypto'
import type { CryptoKey, JWK } from 'jose'
import { createRemoteJWKSet, errors } from 'jose'
import { JWK_ALG } from './jwks.js'
import { isTrustedKey, usableKeys } from './key-rules.js'
import { readKeySetFile } from './key-set-file.js'
import { VerbatimError } from '../errors/index.js'

/** Resolves a `keyid` to an Ed25519 public key, or undefined when it is not trusted. */
export type KeyResolver = (kid: string) => Promise<KeyObject | undefined>

/** A KeyResolver whose set can be read again on demand (rotation: a guard's SIGHUP). */
export type RefreshableKeyResolver = KeyResolver & {
  /** Re-reads the file or refetches the URL now, past the cooldown; resolves with the number of usable keys. The set in use stays if it fails. */
  refresh(): Promise<number>
}

export interface JwksKeyResolverOptions {
  /** A JWKS file (RFC 7517 §5), re-read on an unknown kid under the cooldown. */
  file?: string
  /** The gate's `/.well-known/jwks.json`; cached, refetched on an unknown kid under the cooldown. */
  url?: string
  /** A literal key set. */
  jwks?: { keys: JWK[] }
  /** Least time between two refetches caused by unknown kids (default 30 000 ms). */
  cooldownMs?: number
  /** Longest a fetched set is trusted before a refetch (default 600 000 ms). */
  cacheMaxAgeMs?: number
}

type JoseResolver = (header: { alg: string; kid: string }) => Promise<CryptoKey | KeyObject>

function toKeyObject(k: CryptoKey | KeyObject): KeyObject {
  return k instanceof NodeKeyObject ? k : NodeKeyObject.from(k)
}

// A miss (or a set that cannot be had) is "unknown key"; the caller fails closed with ERR_GUARD_KEY_UNKNOWN.
async function lookup(resolve: JoseResolver, kid: string): Promise<KeyObject | undefined> {
  try {
    const key = toKeyObject(await resolve({ alg: JWK_ALG, kid }))
    // RFC 9421 §7.3.6: the key type must match the profile (an Ed448 key under EdDSA is not ours), and the
    // kid must be the key's RFC 7638 thumbprint, whichever source the set came from.
    return isTrustedKey(key, kid) ? key : undefined
  } catch (e) {
    if (e instanceof errors.JWKSNoMatchingKey) return undefined
    // The same key listed twice (say with and without alg) is still one key: the thumbprint decides.
    if (e instanceof errors.JWKSMultipleMatchingKeys) return firstTrusted(e, kid)
    throw new VerbatimError('ERR_GUARD_KEY_UNKNOWN', `key set unavailable: ${(e as Error).message}`, { cause: e })
  }
}

async function firstTrusted(candidates: AsyncIterable<CryptoKey>, kid: string): Promise<KeyObject | undefined> {
  for await (const k of candidates) {
    const key = toKeyObject(k)
    if (isTrustedKey(key, kid)) return key
  }
  return undefined
}

/**
 * A local set (a file or a literal), read once into kid → key: a lookup is a Map read, not jose's
 * filter, import and promises per call (they showed in the profile of every verification). usableKeys
 * has already kept only Ed25519 verification keys whose kid is their RFC 7638 thumbprint, which is
 * everything jose's local set would check for EdDSA; a kid listed twice names the same key.
 */
function localKeys(keys: readonly JWK[]): Map<string, KeyObject> {
  const byKid = new Map<string, KeyObject>()
  for (const k of keys) if (typeof k.kid === 'string' && !byKid.has(k.kid)) byKid.set(k.kid, createPublicKey({ key: k as JsonWebKey, format: 'jwk' }))
  return byKid
}

const trusted = (key: KeyObject | undefined, kid: string): KeyObject | undefined => (key !== undefined && isTrustedKey(key, kid) ? key : undefined)

/** A JWKS file: read at the first lookup, and again on an unknown kid (rotation) at most once per cooldown. */
function fileKeys(path: string, cooldownMs: number): { get: KeyResolver; load: () => Promise<number> } {
  let set: Map<string, KeyObject> | undefined
  let loadedAt = -Infinity
  const load = async (): Promise<number> => {
    // readKeySetFile keeps the usable keys only; a file that became unusable leaves the previous set in place.
    const read = await readKeySetFile(path)
    set = localKeys(usableKeys(read.keys))
    loadedAt = Date.now()
    return read.keys.length
  }
  const reload = async (kid: string): Promise<KeyObject | undefined> => {
    try {
      await load()
    } catch (e) {
      // A set that cannot be read is "unknown key": the caller fails closed with ERR_GUARD_KEY_UNKNOWN.
      throw new VerbatimError('ERR_GUARD_KEY_UNKNOWN', `key set unavailable: ${(e as Error).message}`, { cause: e })
    }
    return trusted(set?.get(kid), kid)
  }
  const get = (kid: string): Promise<KeyObject | undefined> => {
    if (set === undefined) return reload(kid)
    const key = set.get(kid)
    if (key !== undefined || Date.now() - loadedAt < cooldownMs) return Promise.resolve(trusted(key, kid))
    return reload(kid)
  }
  return { get, load }
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

/**
 * The trust anchor must not travel in cleartext over the path the binding defends: a JWKS URL is
 * https, or http on loopback only (an attacker on the path could otherwise answer the refetch that
 * any unknown kid triggers with a key of its own).
 */
export function trustedJwksUrl(url: string): URL {
  const u = new URL(url)
  if (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOST.test(u.hostname))) return u
  throw new VerbatimError('ERR_CONFIG_INVALID', `JWKS URL ${url}: use https, http on loopback, or a pinned JWKS file`)
}

/**
 * A KeyResolver over a JWKS (exactly one of file, url, jwks). The URL form uses jose's
 * createRemoteJWKSet: cached, refetched when stale or on an unknown kid, at most once per cooldown.
 * Only usable keys are trusted (keyProblem): Ed25519, alg EdDSA and use sig if present, kid = RFC 7638 thumbprint.
 * @example const keys = jwksKeyResolver({ url: 'http://127.0.0.1:8080/.well-known/jwks.json' })
 */
export function jwksKeyResolver(options: JwksKeyResolverOptions): RefreshableKeyResolver {
  const cooldownMs = options.cooldownMs ?? 30_000
  const given = [options.file, options.url, options.jwks].filter((x) => x !== undefined).length
  if (given !== 1) throw new VerbatimError('ERR_INTERNAL', 'jwksKeyResolver needs exactly one of file, url, jwks')
  if (options.url !== undefined) {
    const remote = createRemoteJWKSet(trustedJwksUrl(options.url), { cooldownDuration: cooldownMs, cacheMaxAge: options.cacheMaxAgeMs ?? 600_000 })
    const refresh = async (): Promise<number> => {
      await remote.reload()
      return usableKeys(remote.jwks()?.keys ?? []).length
    }
    return Object.assign((kid: string) => lookup(remote, kid), { refresh })
  }
  if (options.file !== undefined) {
    const file = fileKeys(options.file, cooldownMs)
    return Object.assign(file.get, { refresh: file.load })
  }
  const keys = usableKeys((options.jwks as { keys: unknown[] }).keys)
  const set = localKeys(keys)
  return Object.assign((kid: string) => Promise.resolve(trusted(set.get(kid), kid)), { refresh: async () => keys.length })
}
