/**
 * @module binding/sf-canonical: a direct reader for the one spelling of a Dictionary that RFC 9651 §4.1
 * serialises, limited to the types the binding writes (Integer, String, Byte Sequence, inner lists of them,
 * parameters with values). It returns what parseUniqueDictionary (binding/sf) returns for the same field, or
 * undefined for any other spelling, and then the caller parses in full: every refusal stays the full parser's.
 */
import type { BareItem, Dictionary, InnerList, Item, Parameters } from 'structured-headers'

// Character codes.
const SP = 0x20, DQUOTE = 0x22, LPAREN = 0x28, RPAREN = 0x29, STAR = 0x2a, PLUS = 0x2b, COMMA = 0x2c, MINUS = 0x2d
const DOT = 0x2e, SLASH = 0x2f, D0 = 0x30, D9 = 0x39, COLON = 0x3a, SEMI = 0x3b, EQ = 0x3d, BACKSLASH = 0x5c
const UNDERSCORE = 0x5f, LA = 0x61, LZ = 0x7a, UA = 0x41, UZ = 0x5a, TILDE = 0x7e

/** Thrown inside the reader when the field is not in the canonical subset; never leaves this module. */
const DECLINE = Symbol('decline')

// RFC 9651 §3.1.2 key: lcalpha / "*" first, then lcalpha / DIGIT / "_" / "-" / "." / "*".
const keyStart = (c: number): boolean => (c >= LA && c <= LZ) || c === STAR
const keyChar = (c: number): boolean => keyStart(c) || (c >= D0 && c <= D9) || c === UNDERSCORE || c === MINUS || c === DOT

/** The 6-bit value of a base64 character (RFC 4648 §4), or -1. */
function b64(c: number): number {
  if (c >= UA && c <= UZ) return c - UA
  if (c >= LA && c <= LZ) return c - LA + 26
  if (c >= D0 && c <= D9) return c - D0 + 52
  if (c === PLUS) return 62
  if (c === SLASH) return 63
  return -1
}

class Reader {
  pos = 0
  constructor(private readonly s: string) {}

  private at(): number { return this.s.charCodeAt(this.pos) } // NaN past the end: matches nothing below

  private expect(c: number): void {
    if (this.at() !== c) throw DECLINE
    this.pos++
  }

  /** RFC 9651 §4.1.2: members `key=value` joined by ", "; a key written twice declines (the full parser refuses it). */
  dictionary(): Dictionary {
    const dict: Dictionary = new Map()
    for (;;) {
      const key = this.key()
      // A member whose value is true is serialised as the bare key (§4.1.2 step 2.3.1): declined, the binding writes none.
      this.expect(EQ)
      const member = this.at() === LPAREN ? this.innerList() : this.item()
      if (dict.has(key)) throw DECLINE
      dict.set(key, member)
      if (this.pos === this.s.length) return dict
      this.expect(COMMA)
      this.expect(SP)
    }
  }

  /** §4.1.1.1: "(", the items joined by one SP, ")", then the parameters. */
  private innerList(): InnerList {
    this.pos++
    const items: Item[] = []
    if (this.at() !== RPAREN) {
      items.push(this.item())
      while (this.at() === SP) {
        this.pos++
        items.push(this.item())
      }
    }
    this.expect(RPAREN)
    return [items, this.params()]
  }

  private item(): Item {
    return [this.bareItem(), this.params()]
  }

  /** §4.1.1.2: `;key=value` each; a parameter whose value is true (`;key`) or a key written twice declines. */
  private params(): Parameters {
    const p: Parameters = new Map()
    while (this.at() === SEMI) {
      this.pos++
      const key = this.key()
      this.expect(EQ)
      if (p.has(key)) throw DECLINE
      p.set(key, this.bareItem())
    }
    return p
  }

  /** §4.1.1.3 */
  private key(): string {
    const start = this.pos
    if (!keyStart(this.at())) throw DECLINE
    this.pos++
    while (keyChar(this.at())) this.pos++
    return this.s.slice(start, this.pos)
  }

  private bareItem(): BareItem {
    const c = this.at()
    if (c === DQUOTE) return this.string()
    if (c === COLON) return this.bytes()
    if (c === MINUS || (c >= D0 && c <= D9)) return this.integer()
    throw DECLINE
  }

  /** §4.1.4: "-" if negative, then the digits with no leading zero (at most 15, §3.3.1); "-0" is not written. */
  private integer(): number {
    const start = this.pos
    if (this.at() === MINUS) this.pos++
    const first = this.pos
    while (this.at() >= D0 && this.at() <= D9) this.pos++
    const digits = this.pos - first
    if (digits === 0 || digits > 15 || (digits > 1 && this.s.charCodeAt(first) === D0)) throw DECLINE
    if (first > start && digits === 1 && this.s.charCodeAt(first) === D0) throw DECLINE
    // A Decimal (§4.1.5) declines here; anything else glued on declines where the member must end.
    if (this.at() === DOT) throw DECLINE
    return Number(this.s.slice(start, this.pos))
  }

  /** §4.1.6: DQUOTE, printable ASCII with `"` and `\` escaped by `\`, DQUOTE. */
  private string(): string {
    this.pos++
    let out = ''
    let from = this.pos
    for (;;) {
      const c = this.at()
      if (c === DQUOTE) break
      if (c === BACKSLASH) {
        const next = this.s.charCodeAt(this.pos + 1)
        if (next !== DQUOTE && next !== BACKSLASH) throw DECLINE
        out += this.s.slice(from, this.pos)
        from = this.pos + 1
        this.pos += 2
        continue
      }
      if (!(c >= SP && c <= TILDE)) throw DECLINE // also the end of the field (NaN)
      this.pos++
    }
    out += this.s.slice(from, this.pos)
    this.pos++
    return out
  }

  /** §4.1.8: ":", base64 with its padding (RFC 4648 §4) and zero pad bits, ":"; the form Buffer writes. */
  private bytes(): ArrayBuffer {
    const start = this.pos + 1
    const end = this.s.indexOf(':', start)
    if (end < 0 || (end - start) % 4 !== 0) throw DECLINE
    let pad = 0
    if (end > start && this.s.charCodeAt(end - 1) === EQ) pad = this.s.charCodeAt(end - 2) === EQ ? 2 : 1
    for (let i = start; i < end - pad; i++) if (b64(this.s.charCodeAt(i)) < 0) throw DECLINE
    // RFC 4648 §3.5: the bits after the last byte are zero in the canonical encoding.
    if (pad > 0) {
      const last = b64(this.s.charCodeAt(end - pad - 1))
      if (last < 0 || (last & (pad === 1 ? 0b11 : 0b1111)) !== 0) throw DECLINE
    }
    this.pos = end + 1
    // Decoded straight into an ArrayBuffer of its own, the type the full parser returns (slicing one out of Buffer's pool cost more).
    const out = new ArrayBuffer(((end - start) / 4) * 3 - pad)
    Buffer.from(out).write(this.s.slice(start, end), 'base64')
    return out
  }
}

/**
 * The Dictionary a field holds when it is spelled exactly as RFC 9651 §4.1.2 serialises it and uses only
 * Integers, Strings, Byte Sequences and inner lists of them, with no key written twice; otherwise undefined.
 * For every field it accepts, parseUniqueDictionary returns an equal Dictionary (tests/binding/sf-canonical.test.ts).
 */
export function readCanonicalDictionary(field: string): Dictionary | undefined {
  if (field.length === 0) return undefined
  try {
    return new Reader(field).dictionary()
  } catch (e) {
    if (e === DECLINE) return undefined
    throw e
  }
}
