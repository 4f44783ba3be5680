/** @module binding/key-set: trusted Ed25519 keys from a JWKS file, a JWKS URL or a literal set, through jose. */
import type { KeyObject } from 'node:crypto'
import { KeyObject as NodeKeyObject } from 'node:crypto'
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose'
import { createLocalJWKSet, createRemoteJWKSet, errors } from 'jose'
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

function fileResolver(path: string, cooldownMs: number): JoseResolver & { load(): Promise<number> } {
  let local: ReturnType<typeof createLocalJWKSet> | undefined
  let loadedAt = -Infinity
  const load = async (): Promise<number> => {
    // readKeySetFile keeps the usable keys only; a file that became unusable leaves the previous set in place.
    const set = await readKeySetFile(path)
    local = createLocalJWKSet(set)
    loadedAt = Date.now()
    return set.keys.length
  }
  return Object.assign(async (header: { alg: string; kid: string }) => {
    if (local === undefined) await load()
    try {
      return await (local as ReturnType<typeof createLocalJWKSet>)(header)
    } catch (e) {
      // Rotation: a new kid may have been added to the file since it was read.
      if (!(e instanceof errors.JWKSNoMatchingKey) || Date.now() - loadedAt < cooldownMs) throw e
      await load()
      return (local as ReturnType<typeof createLocalJWKSet>)(header)
    }
  }, { load })
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
  let resolve: JoseResolver
  let refresh: () => Promise<number>
  if (options.url !== undefined) {
    const remote = createRemoteJWKSet(trustedJwksUrl(options.url), { cooldownDuration: cooldownMs, cacheMaxAge: options.cacheMaxAgeMs ?? 600_000 })
    resolve = remote
    refresh = async () => {
      await remote.reload()
      return usableKeys(remote.jwks()?.keys ?? []).length
    }
  } else if (options.file !== undefined) {
    const file = fileResolver(options.file, cooldownMs)
    resolve = file
    refresh = file.load
  } else {
    const keys = usableKeys((options.jwks as { keys: unknown[] }).keys)
    resolve = createLocalJWKSet({ keys } as JSONWebKeySet)
    refresh = async () => keys.length
  }
  return Object.assign((kid: string) => lookup(resolve, kid), { refresh })
}
