/** The line reader both stdio executors use: the same lines however the stream is chunked, and a bound. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineBuffer } from '../../src/guard/lines.js'

const take = (b: LineBuffer, chunks: Buffer[]): string[] => chunks.flatMap((c) => [...b.take(c)].map((l) => l.toString('latin1')))

describe('LineBuffer', () => {
  it('yields the same lines however the bytes are cut into chunks', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '{', '"', '\u00e9'), maxLength: 20 }), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
      const all = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1')
      const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b)
      const chunks = [0, ...points, all.length].slice(1).map((end, i, ends) => all.subarray(i === 0 ? 0 : (ends[i - 1] as number), end))
      expect(take(new LineBuffer(64), chunks)).toEqual(lines)
    }))
  })

  it('refuses a line over maxBytes, complete or not, and reads on after it', () => {
    const b = new LineBuffer(4)
    expect(() => take(b, [Buffer.from('12345\n')])).toThrow(RangeError)
    expect(() => take(b, [Buffer.from('123'), Buffer.from('45')])).toThrow(RangeError)
    expect(take(b, [Buffer.from('ok\n1234\n')])).toEqual(['ok', '1234'])
  })
})
