/** @module guard/lines: newline-delimited frames off a child's stdout, each bounded in length. */

/**
 * Collects a byte stream into lines. `take` yields each line a chunk completes (without its "\n"),
 * in order; a line longer than `maxBytes`, complete or not, ends the take with a RangeError and is
 * forgotten, so a child that never writes a newline cannot make the guard buffer without end.
 */
export class LineBuffer {
  #parts: Buffer[] = []
  #size = 0

  constructor(readonly maxBytes: number) {}

  *take(chunk: Buffer): Generator<Buffer, void, undefined> {
    let rest = chunk
    for (let i = rest.indexOf(10); i >= 0; i = rest.indexOf(10)) {
      const line = this.#parts.length === 0 ? rest.subarray(0, i) : Buffer.concat([...this.#parts, rest.subarray(0, i)])
      this.reset()
      rest = rest.subarray(i + 1)
      if (line.byteLength > this.maxBytes) throw new RangeError(`a line over ${this.maxBytes} bytes`)
      yield line
    }
    if (rest.byteLength === 0) return
    this.#parts.push(rest)
    this.#size += rest.byteLength
    if (this.#size > this.maxBytes) {
      this.reset()
      throw new RangeError(`a line over ${this.maxBytes} bytes`)
    }
  }

  reset(): void {
    this.#parts = []
    this.#size = 0
  }
}
