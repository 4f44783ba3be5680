/**
 * @module bench/floor/log: the floor's audit log: hash-chained records, an RFC 9162 Merkle leaf per
 * record and a signed root every 1000, appended with group commit: a batch is written at once, and
 * synced (fdatasync) when a record in it is waited for; an outcome nobody waits for is in the page
 * cache at once and durable with the next sync, or within 100 ms.
 */
import { createHash, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { fdatasync, openSync, write } from 'node:fs'
import canonicalize from 'canonicalize'

const sha256 = (d: string | Buffer): Buffer => createHash('sha256').update(d).digest()

export class FloorLog {
  #fd: number
  #prev = '0'.repeat(64)
  #seq = 0
  #roots: (Buffer | undefined)[] = []
  #pending: { line: string; done?: () => void }[] = []
  #busy = false
  #idle: NodeJS.Timeout | undefined

  constructor(path: string, readonly key: KeyObject) {
    this.#fd = openSync(path, 'a')
  }

  /** Resolves once the record is durable; `wait` false: written now, synced later (an outcome). */
  append(type: string, fields: Record<string, unknown>, wait = true): Promise<void> {
    const text = canonicalize({ ...fields, type, seq: this.#seq++, ts: Date.now(), prev: this.#prev }) as string
    const hash = sha256(text)
    this.#prev = hash.toString('hex')
    this.#leaf(hash)
    const line = `${text.slice(0, -1)},"hash":"${this.#prev}"}\n`
    if (this.#seq % 1000 === 0) this.#pending.push({ line: `{"root":"${sign(null, this.#root(), this.key).toString('base64')}"}\n` })
    const p = wait ? new Promise<void>((done) => this.#pending.push({ line, done })) : Promise.resolve(void this.#pending.push({ line }))
    if (!this.#busy) {
      this.#busy = true
      setImmediate(() => this.#flush())
    }
    return p
  }

  #flush(): void {
    const batch = this.#pending
    this.#pending = []
    const next = (): void => {
      if (this.#pending.length > 0) this.#flush()
      else this.#busy = false
    }
    write(this.#fd, Buffer.from(batch.map((b) => b.line).join('')), (err) => {
      if (err) throw err
      if (!batch.some((b) => b.done !== undefined)) {
        this.#idle ??= setTimeout(() => fdatasync(this.#fd, () => (this.#idle = undefined)), 100)
        return next()
      }
      fdatasync(this.#fd, (e) => {
        if (e) throw e
        for (const b of batch) b.done?.()
        next()
      })
    })
  }

  // RFC 9162 §2.1.1: leaf = H(0x00 || d), node = H(0x01 || left || right); one root per set bit of the size.
  #leaf(hash: Buffer): void {
    let h = sha256(Buffer.concat([Buffer.of(0), hash]))
    let i = 0
    for (; this.#roots[i] !== undefined; i++) {
      h = sha256(Buffer.concat([Buffer.of(1), this.#roots[i] as Buffer, h]))
      this.#roots[i] = undefined
    }
    this.#roots[i] = h
  }

  #root(): Buffer {
    let acc: Buffer | undefined
    for (const r of this.#roots) if (r !== undefined) acc = acc === undefined ? r : sha256(Buffer.concat([Buffer.of(1), r, acc]))
    return acc ?? sha256('')
  }
}
