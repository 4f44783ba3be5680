/** @module tests/canonical/helpers: small shared helpers for the canonical tests. */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { VerbatimError } from '../../src/errors/index.js'
import { canonicalBytes } from '../../src/canonical/index.js'
import type { CanonicalOptions } from '../../src/canonical/index.js'

const enc = new TextEncoder()
const dec = new TextDecoder()

export function utf8(s: string): Uint8Array {
  return enc.encode(s)
}

/** The canonical text of `s`, as a string. */
export function canon(s: string | Uint8Array, options?: CanonicalOptions): string {
  return dec.decode(canonicalBytes(typeof s === 'string' ? enc.encode(s) : s, options).bytes)
}

/** The VerbatimError thrown for `s`; fails the test if it is accepted or throws anything else. */
export function rejection(s: string | Uint8Array, options?: CanonicalOptions): VerbatimError {
  try {
    canonicalBytes(typeof s === 'string' ? enc.encode(s) : s, options)
  } catch (e) {
    if (e instanceof VerbatimError) return e
    throw new Error(`threw a non-VerbatimError: ${String(e)}`)
  }
  throw new Error(`accepted: ${typeof s === 'string' ? JSON.stringify(s.slice(0, 80)) : `${s.length} bytes`}`)
}

/** The conformance corpora, vendored with their licences (tests/canonical/corpora/<name>/LICENSE, README.md). */
export const CORPUS_DIR = fileURLToPath(new URL('./corpora/', import.meta.url))

export function corpusFiles(sub: string): string[] {
  return readdirSync(CORPUS_DIR + sub).sort()
}

export function corpusBytes(sub: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${CORPUS_DIR}${sub}/${name}`))
}
