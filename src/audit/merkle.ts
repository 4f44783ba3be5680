/** @module audit/merkle: RFC 9162 §2.1.1 Merkle Tree Hash over record hashes, built incrementally. */
import { createHash } from 'node:crypto'

/** RFC 9162 §2.1.1: MTH({}) = SHA-256(). */
const EMPTY_ROOT = createHash('sha256').digest()

/** RFC 9162 §2.1.1: leaf = SHA-256(0x00 || d(m)); here d(m) is the 32-byte record hash. */
export function leafHash(recordHashHex: string): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(Buffer.from(recordHashHex, 'hex')).digest()
}

/** RFC 9162 §2.1.1: node = SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest()
}

/**
 * The compact frontier of a growing tree: one perfect subtree root per set bit of the size.
 * Folding it right to left yields the RFC 9162 MTH of every prefix, in O(log n) memory.
 */
export class MerkleFrontier {
  #size = 0
  /** roots[i] is the root of a perfect subtree of 2^i leaves, or undefined. */
  readonly #roots: (Buffer | undefined)[] = []

  get size(): number {
    return this.#size
  }

  push(recordHashHex: string): void {
    let h = leafHash(recordHashHex)
    let level = 0
    for (;;) {
      const left = this.#roots[level]
      if (left === undefined) break
      h = nodeHash(left, h)
      this.#roots[level] = undefined
      level++
    }
    this.#roots[level] = h
    this.#size++
  }

  /** Hex MTH of all leaves pushed so far. */
  root(): string {
    let acc: Buffer | undefined
    for (const r of this.#roots) {
      if (r === undefined) continue
      acc = acc === undefined ? r : nodeHash(r, acc)
    }
    return (acc ?? EMPTY_ROOT).toString('hex')
  }
}

/** Reference MTH straight from the RFC 9162 §2.1.1 recursion, for tests and one-off checks. */
export function merkleRoot(recordHashes: readonly string[]): string {
  const mth = (lo: number, hi: number): Buffer => {
    const n = hi - lo
    if (n === 0) return EMPTY_ROOT
    if (n === 1) return leafHash(recordHashes[lo] as string)
    let k = 1
    while (k * 2 < n) k *= 2 // largest power of two smaller than n
    return nodeHash(mth(lo, lo + k), mth(lo + k, hi))
  }
  return mth(0, recordHashes.length).toString('hex')
}
