/** @module binding/keys: Ed25519 key generation, files and loading (the fs edge of binding). */
import type { KeyObject } from 'node:crypto'
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmod, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { JWK } from 'jose'
import { VerbatimError } from '../errors/index.js'
import { publicJwkOf, thumbprintSync } from './jwks.js'
import type { SigningKey } from './sign.js'

/** Builds a SigningKey from an Ed25519 private KeyObject; kid is the RFC 7638 thumbprint. */
export function signingKeyFromPrivate(privateKey: KeyObject): SigningKey {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new VerbatimError('ERR_BINDING_KEY', 'signing key is not an Ed25519 private key')
  }
  const publicJwk = publicJwkOf(createPublicKey(privateKey))
  return { kid: publicJwk.kid as string, privateKey, publicJwk }
}

/** Parses a PKCS#8 PEM Ed25519 private key. */
export function signingKeyFromPem(pem: string | Uint8Array): SigningKey {
  let key: KeyObject
  try {
    key = createPrivateKey({ key: Buffer.from(pem), format: 'pem' })
  } catch (e) {
    throw new VerbatimError('ERR_BINDING_KEY', 'signing key is not a readable PEM private key', { cause: e })
  }
  return signingKeyFromPrivate(key)
}

/** A fresh Ed25519 key pair. */
export async function generateKeyPair(): Promise<SigningKey> {
  const { privateKey } = generateKeyPairSync('ed25519')
  return signingKeyFromPrivate(privateKey)
}

/** The JWK Set (RFC 7517 §5) that `writeKeyFiles` keeps next to the keys, for guards to trust. */
export const JWKS_FILE_NAME = 'jwks.json'

export interface KeyFiles {
  privatePath: string
  publicPath: string
  /** `<dir>/jwks.json`, holding every public key generated into dir (and any it held before). */
  jwksPath: string
  /** How many keys the set holds now; more than 1 means the new key was added to an existing set. */
  jwksKeys: number
}

/**
 * Writes `<kid>.key.pem` (PKCS#8 PEM, mode 0600) and `<kid>.jwk.json` (public JWK) into dir, and adds
 * the public JWK to `<dir>/jwks.json`, creating it if needed. Never overwrites a key file. An
 * existing jwks.json keeps its keys (rotation: the new key is published next to the old); one that is
 * not a set of Ed25519 public keys is refused with ERR_BINDING_KEY before anything is written.
 */
export async function writeKeyFiles(dir: string, key: SigningKey): Promise<KeyFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const jwksPath = join(dir, JWKS_FILE_NAME)
  const existing = await readKeySetFile(jwksPath)
  const privatePath = join(dir, `${key.kid}.key.pem`)
  const publicPath = join(dir, `${key.kid}.jwk.json`)
  const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' })
  await writeFile(privatePath, pem, { mode: 0o600, flag: 'wx' })
  await chmod(privatePath, 0o600) // in case a umask or ACL widened it
  await writeFile(publicPath, JSON.stringify(key.publicJwk, null, 2) + '\n', { mode: 0o644, flag: 'wx' })
  const keys = [...(existing ?? [])]
  if (!keys.some((k) => k.kid === key.kid)) keys.push(key.publicJwk)
  await replaceFile(jwksPath, JSON.stringify({ keys }, null, 2) + '\n')
  return { privatePath, publicPath, jwksPath, jwksKeys: keys.length }
}

/** The keys of an existing JWK Set file, undefined when there is none; refuses anything but Ed25519 public keys. */
async function readKeySetFile(path: string): Promise<JWK[] | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new VerbatimError('ERR_BINDING_KEY', `cannot read ${path}`, { cause: e })
  }
  const refuse = (why: string): VerbatimError =>
    new VerbatimError('ERR_BINDING_KEY', `${path} ${why}; nothing was written (fix or move it, then run again)`)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw refuse('is not JSON')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw refuse('is not a JWK Set {"keys":[…]}')
  if (!('keys' in doc)) throw refuse('is a single JWK or another object, not a JWK Set {"keys":[…]}')
  const keys = (doc as { keys: unknown }).keys
  if (!Array.isArray(keys)) throw refuse('has "keys" that is not an array')
  return keys.map((k: unknown, i) => {
    const jwk = k as JWK
    if (typeof k !== 'object' || k === null || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
      throw refuse(`holds keys[${i}], which is not an Ed25519 (OKP) public JWK`)
    }
    if ('d' in jwk) throw refuse(`holds a private key in keys[${i}] (member "d"); a JWK Set for guards must hold public keys only`)
    if (jwk.kid !== thumbprintSync(jwk)) throw refuse(`holds keys[${i}], whose kid is not its RFC 7638 thumbprint`)
    return jwk
  })
}

/** Replaces a file by rename, so a reader (a guard re-reading its set) never sees half of it. */
async function replaceFile(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const fh = await open(tmp, 'wx', 0o644)
  try {
    await fh.writeFile(text)
    await fh.sync()
  } finally {
    await fh.close()
  }
  try {
    await rename(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
}

/** Loads a PKCS#8 PEM Ed25519 private key. ERR_BINDING_KEY when missing, unreadable or not Ed25519. */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  let pem: Buffer
  try {
    pem = await readFile(path)
  } catch (e) {
    // A container's user (uid 1000 in the image) often cannot read a key file another user wrote: say so.
    const code = (e as NodeJS.ErrnoException).code ?? 'error'
    const uid = process.getuid?.()
    const who = code === 'EACCES' && uid !== undefined ? `; it must be readable by uid ${uid} (docs/deploy.md, keys)` : ''
    throw new VerbatimError('ERR_BINDING_KEY', `cannot read signing key ${path} (${code})${who}`, { cause: e })
  }
  return signingKeyFromPem(pem)
}
