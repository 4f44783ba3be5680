/** @module binding/keys: Ed25519 key generation, files and loading (the fs edge of binding). */
import type { KeyObject } from 'node:crypto'
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { VerbatimError } from '../errors/index.js'
import { publicJwkOf } from './jwks.js'
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

/**
 * Writes `<kid>.key.pem` (PKCS#8 PEM, mode 0600) and `<kid>.jwk.json` (public JWK) into dir.
 * Refuses to overwrite an existing file.
 */
export async function writeKeyFiles(dir: string, key: SigningKey): Promise<{ privatePath: string; publicPath: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const privatePath = join(dir, `${key.kid}.key.pem`)
  const publicPath = join(dir, `${key.kid}.jwk.json`)
  const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' })
  await writeFile(privatePath, pem, { mode: 0o600, flag: 'wx' })
  await chmod(privatePath, 0o600) // in case a umask or ACL widened it
  await writeFile(publicPath, JSON.stringify(key.publicJwk, null, 2) + '\n', { mode: 0o644, flag: 'wx' })
  return { privatePath, publicPath }
}

/** Loads a PKCS#8 PEM Ed25519 private key. ERR_BINDING_KEY when missing, unreadable or not Ed25519. */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  let pem: Buffer
  try {
    pem = await readFile(path)
  } catch (e) {
    throw new VerbatimError('ERR_BINDING_KEY', `cannot read signing key ${path}`, { cause: e })
  }
  return signingKeyFromPem(pem)
}
