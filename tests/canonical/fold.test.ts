import { describe, expect, it } from 'vitest'
import { foldCodePoint, foldKey } from '../../src/canonical/fold.js'
import { canon, rejection } from './helpers.js'

describe('case-fold collisions (Go encoding/json, CVE-2026-27896)', () => {
  it.each([
    ['ASCII case variants', '{"name":"fs.read","Name":"shell.exec"}'],
    ['all-caps against lower case', '{"NAME":1,"name":2}'],
    ['long s (U+017F) against s', '{"ſ":1,"s":2}'],
    ['long s (U+017F) against S', '{"taſk":1,"TASK":2}'],
    ['the Kelvin sign (U+212A) against k', '{"\\u212a":1,"k":2}'],
    ['the Kelvin sign against K', '{"K":1,"\\u212a":2}'],
    ['the Angstrom sign (U+212B) against å', '{"\\u212b":1,"å":2}'],
    ['final sigma against sigma', '{"ς":1,"Σ":2}'],
    ['micro sign against Greek mu', '{"µ":1,"μ":2}'],
    ['the capital sharp s (U+1E9E) against ß', '{"ẞ":1,"ß":2}'],
    ['a collision in a nested object', '{"a":[{"x":1,"b":{"Id":1,"iD":2}}]}'],
    ['a collision found after many keys', '{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"A":7}'],
    ['keys that differ only by an escaped capital', '{"role":1,"\\u0052ole":2}'],
  ])('rejects %s with ERR_CANONICAL_CASE_COLLISION', (_name, s) => {
    const e = rejection(s)
    expect(e.code).toBe('ERR_CANONICAL_CASE_COLLISION')
    expect(e.status).toBe(400)
  })

  it.each([
    ['ß against ss (a full folding, which Go does not apply)', '{"ß":1,"ss":2}'],
    ['dotless i against i (Turkic-only mapping)', '{"ı":1,"i":2}'],
    ['dotted capital I against i', '{"İ":1,"i":2}'],
    ['distinct keys that share a prefix', '{"name":1,"names":2}'],
    ['the same key in different objects', '[{"Name":1},{"name":2}]'],
  ])('accepts %s', (_name, s) => {
    expect(() => canon(s)).not.toThrow()
  })

  it('accepts case variants when rejectCaseCollisions is false', () => {
    expect(canon('{"name":"fs.read","Name":"shell.exec"}', { rejectCaseCollisions: false })).toBe('{"Name":"shell.exec","name":"fs.read"}')
  })

  it('still rejects exact duplicates when rejectCaseCollisions is false', () => {
    expect(rejection('{"a":1,"a":2}', { rejectCaseCollisions: false }).code).toBe('ERR_CANONICAL_DUPLICATE_KEY')
  })

  it('folds whole keys code point by code point', () => {
    expect(foldKey('Name')).toBe('name')
    expect(foldKey('taſK')).toBe(foldKey('TASK'))
    expect(foldKey('\u212aey')).toBe('key')
    expect(foldKey('straße')).not.toBe(foldKey('STRASSE'))
  })

  it('puts every code point in the same simple case-folding class as its fold', () => {
    // ECMAScript /iu matching uses simple case folding (CaseFolding.txt C+S), as Go's SimpleFold does.
    const esc = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
    const reps = new Map<string, number>()
    for (let cp = 0x80; cp <= 0x1ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      const ch = String.fromCodePoint(cp)
      const rep = foldCodePoint(cp)
      if (rep === ch && ch.toUpperCase() === ch && ch.toLowerCase() === ch) continue
      if (rep !== ch) expect(new RegExp(`^${esc(rep)}$`, 'iu').test(ch), `U+${cp.toString(16)}`).toBe(true)
      reps.set(rep, cp)
    }
    // No two distinct folds may belong to one class, or a collision would go unnoticed.
    const list = [...reps.keys()]
    const merged: string[] = []
    for (let a = 0; a < list.length; a++) {
      const re = new RegExp(`^${esc(list[a] as string)}$`, 'iu')
      for (let b = a + 1; b < list.length; b++) if (re.test(list[b] as string)) merged.push(`${list[a]}~${list[b]}`)
    }
    expect(merged).toEqual([])
  })
})
