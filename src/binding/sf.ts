/** @module binding/sf: parsing Structured Fields (RFC 9651 §4.2) into structured-headers' types, every type in every member. */
import type { BareItem, Dictionary, InnerList, Item, List, Parameters } from 'structured-headers'
import { DisplayString, Token } from 'structured-headers'

/** Where and why a field is not RFC 9651; `repeatedKey` when the only fault is a key written twice. */
export class SfParseError extends Error {
  constructor(readonly offset: number, message: string, readonly repeatedKey?: string) {
    super(`${message} at offset ${offset}`)
    this.name = 'SfParseError'
  }
}

const DIGIT = /[0-9]/
const LCALPHA_KEY = /[a-z*]/
const KEY_CHAR = /[a-z0-9_\-.*]/
const TOKEN_START = /[A-Za-z*]/
// RFC 9110 §5.6.2 tchar, plus ":" and "/" (RFC 9651 §3.3.4).
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/
const BASE64 = /^[A-Za-z0-9+/=]*$/
const HEX_LC = /^[0-9a-f]{2}$/
// Sticky, so that a field of many numbers is read in one pass.
const NUMBER = /(-?)([0-9]*)(\.[0-9]*)?/y

/**
 * Why a parser of our own: structured-headers 2.1.0 reads a Date only at the very end of a field
 * (`a=@1;b` fails), so another signer's Date parameter would make our whole Signature-Input unreadable,
 * and it does not export its Parser to fix that one method. This follows RFC 9651 §4.2 step for step
 * and returns the library's types, so its serialiser writes what this parses.
 */
class Parser {
  private pos = 0
  constructor(private readonly s: string, private readonly uniqueKeys: boolean) {
    // RFC 9651 §4.2 step 1: the field is ASCII.
    if (!/^[\x00-\x7f]*$/.test(s)) this.fail('the field is not ASCII')
  }

  fail(message: string, repeatedKey?: string): never {
    throw new SfParseError(this.pos, message, repeatedKey)
  }
  private peek(): string { return this.s[this.pos] ?? '' }
  private empty(): boolean { return this.pos >= this.s.length }
  private skip(chars: string): void { while (!this.empty() && chars.includes(this.peek())) this.pos++ }

  /** §4.2 steps 2-5 around one top-level value. */
  top<T>(parse: () => T): T {
    this.skip(' ')
    const out = parse()
    this.skip(' ')
    if (!this.empty()) this.fail('unexpected characters after the value')
    return out
  }

  /** §4.2.1 */
  list(): List {
    const members: List = []
    while (!this.empty()) {
      members.push(this.itemOrInnerList())
      if (this.endOfMember()) return members
    }
    return members
  }

  /** §4.2.2; with uniqueKeys, a key written twice fails instead of overwriting (a Verbatim rule, not RFC 9651's). */
  dictionary(): Dictionary {
    const dict: Dictionary = new Map()
    while (!this.empty()) {
      const at = this.pos
      const key = this.key()
      let member: Item | InnerList
      if (this.peek() === '=') {
        this.pos++
        member = this.itemOrInnerList()
      } else member = [true, this.params()]
      if (this.uniqueKeys && dict.has(key)) {
        this.pos = at
        this.fail(`the key ${key} is written twice`, key)
      }
      dict.set(key, member)
      if (this.endOfMember()) return dict
    }
    return dict
  }

  /** §4.2.1 / §4.2.2: OWS, then the end or a comma that another member follows. */
  private endOfMember(): boolean {
    this.skip(' \t')
    if (this.empty()) return true
    if (this.peek() !== ',') this.fail('expected a comma')
    this.pos++
    this.skip(' \t')
    if (this.empty()) this.fail('a trailing comma')
    return false
  }

  /** §4.2.1.1 and §4.2.1.2 */
  private itemOrInnerList(): Item | InnerList {
    if (this.peek() !== '(') return this.item()
    this.pos++
    const items: Item[] = []
    while (!this.empty()) {
      this.skip(' ')
      if (this.peek() === ')') {
        this.pos++
        return [items, this.params()]
      }
      items.push(this.item())
      if (this.peek() !== ' ' && this.peek() !== ')') this.fail('expected a space or ) after an inner list item')
    }
    return this.fail('an inner list without its )')
  }

  /** §4.2.3 */
  item(): Item {
    return [this.bareItem(), this.params()]
  }

  /** §4.2.3.1 */
  private bareItem(): BareItem {
    const c = this.peek()
    if (c === '-' || DIGIT.test(c)) return this.number().value
    if (c === '"') return this.string()
    if (TOKEN_START.test(c)) return this.token()
    if (c === ':') return this.byteSequence()
    if (c === '?') return this.boolean()
    if (c === '@') return this.date()
    if (c === '%') return this.displayString()
    return this.fail('not the start of an item')
  }

  /** §4.2.3.2: a repeated parameter keeps its place and takes the last value. */
  private params(): Parameters {
    const p: Parameters = new Map()
    while (this.peek() === ';') {
      this.pos++
      this.skip(' ')
      const key = this.key()
      let value: BareItem = true
      if (this.peek() === '=') {
        this.pos++
        value = this.bareItem()
      }
      p.set(key, value)
    }
    return p
  }

  /** §4.2.3.3 */
  private key(): string {
    if (!LCALPHA_KEY.test(this.peek())) this.fail('a key must start with a-z or *')
    const start = this.pos
    while (!this.empty() && KEY_CHAR.test(this.peek())) this.pos++
    return this.s.slice(start, this.pos)
  }

  /** §4.2.4 */
  private number(): { value: number; decimal: boolean } {
    NUMBER.lastIndex = this.pos
    const m = NUMBER.exec(this.s) ?? this.fail('not a number')
    const [text, sign, whole = '', frac] = m
    if (whole === '') this.fail('a number needs a digit')
    if (frac === undefined) {
      if (whole.length > 15) this.fail('an Integer of more than 15 digits')
    } else if (whole.length > 12 || frac.length === 1 || frac.length > 4) this.fail('a Decimal beyond 12 digits, 3 decimals, or ending in .')
    this.pos += text.length
    const value = Number(`${whole}${frac ?? ''}`)
    return { value: sign === '-' && value !== 0 ? -value : value, decimal: frac !== undefined }
  }

  /** §4.2.5 */
  private string(): string {
    this.pos++
    let out = ''
    while (!this.empty()) {
      const c = this.s[this.pos++] ?? ''
      if (c === '\\') {
        const next = this.s[this.pos++] ?? ''
        if (next !== '"' && next !== '\\') this.fail('a backslash must escape " or \\')
        out += next
      } else if (c === '"') return out
      else if (c < ' ' || c > '~') this.fail('a String holds printable ASCII only')
      else out += c
    }
    return this.fail('a String without its closing "')
  }

  /** §4.2.6 */
  private token(): Token {
    const start = this.pos
    while (!this.empty() && TOKEN_CHAR.test(this.peek())) this.pos++
    return new Token(this.s.slice(start, this.pos))
  }

  /** §4.2.7: decoded as WHATWG forgiving-base64 (atob), which §4.2.7 allows: padding optional, pad bits ignored. */
  private byteSequence(): ArrayBuffer {
    const end = this.s.indexOf(':', this.pos + 1)
    if (end < 0) this.fail('a Byte Sequence without its closing :')
    const b64 = this.s.slice(this.pos + 1, end)
    if (!BASE64.test(b64)) this.fail('a Byte Sequence holds base64 only')
    let binary: string
    try {
      binary = atob(b64)
    } catch {
      return this.fail('a Byte Sequence that is not base64')
    }
    this.pos = end + 1
    const bytes = Buffer.from(binary, 'latin1')
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }

  /** §4.2.8 */
  private boolean(): boolean {
    const v = this.s[this.pos + 1]
    if (v !== '0' && v !== '1') this.fail('a Boolean is ?0 or ?1')
    this.pos += 2
    return v === '1'
  }

  /** §4.2.9: "@" and an Integer; a Decimal fails. */
  private date(): Date {
    this.pos++
    const n = this.number()
    if (n.decimal) this.fail('a Date is an Integer')
    return new Date(n.value * 1000)
  }

  /** §4.2.10 */
  private displayString(): DisplayString {
    if (this.s.slice(this.pos, this.pos + 2) !== '%"') this.fail('a Display String starts with %"')
    this.pos += 2
    const bytes: number[] = []
    while (!this.empty()) {
      const c = this.s[this.pos++] ?? ''
      if (c < ' ' || c > '~') this.fail('a Display String holds printable ASCII only')
      if (c === '%') {
        const hex = this.s.slice(this.pos, this.pos + 2)
        if (!HEX_LC.test(hex)) this.fail('% must be followed by two lowercase hex digits')
        bytes.push(parseInt(hex, 16))
        this.pos += 2
      } else if (c === '"') {
        try {
          return new DisplayString(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)))
        } catch {
          return this.fail('a Display String that is not UTF-8')
        }
      } else bytes.push(c.charCodeAt(0))
    }
    return this.fail('a Display String without its closing "')
  }
}

function parse<T>(field: string, uniqueKeys: boolean, read: (p: Parser) => T): T {
  const p = new Parser(field, uniqueKeys)
  return p.top(() => read(p))
}

/** RFC 9651 §4.2 with header_type dictionary: a key written twice takes the last value (§4.2.2). */
export const parseDictionary = (field: string): Dictionary => parse(field, false, (p) => p.dictionary())

/**
 * The Dictionary fields of the binding: RFC 9651 §4.2, and no key written twice. RFC 9651 keeps the last value
 * of a repeated key and a reader may keep the first, so one field would mean two things (docs/binding.md §3).
 */
export const parseUniqueDictionary = (field: string): Dictionary => parse(field, true, (p) => p.dictionary())

/** RFC 9651 §4.2 with header_type list. */
export const parseList = (field: string): List => parse(field, false, (p) => p.list())

/** RFC 9651 §4.2 with header_type item. */
export const parseItem = (field: string): Item => parse(field, false, (p) => p.item())
