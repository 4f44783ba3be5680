/** The exact bytes as the console shows them: nothing can hide (src/console/render.ts); a property over every code point. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findings, kindOf, renderExact } from '../../src/console/index.js'

/** The text a browser would show of the rendered HTML (tags dropped, the five entities decoded). */
const shown = (html: string): string => html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')

describe('renderExact', () => {
  it('shows printable ASCII as itself and escapes HTML: a payload cannot inject markup into the console', () => {
    const text = '{"cmd":"<img src=x onerror=alert(1)>","q":"a&b\'c"}'
    const html = renderExact(text)
    expect(html).not.toContain('<img')
    expect(shown(html)).toBe(text)
  })

  it.each([
    ['U+202E right-to-left override', '\u202E', 'bidi'],
    ['U+2066 left-to-right isolate', '\u2066', 'bidi'],
    ['U+200B zero-width space', '\u200B', 'invisible'],
    ['U+FEFF byte order mark', '\uFEFF', 'invisible'],
    ['U+00A0 no-break space', '\u00A0', 'invisible'],
    ['U+0301 combining acute accent', '\u0301', 'invisible'],
    ['U+007F delete', '\u007F', 'control'],
    ['U+0085 next line', '\u0085', 'control'],
    ['U+E000 private use', '\uE000', 'invisible'],
  ])('never lets %s reach the page raw: only its code point is shown', (_name, ch, kind) => {
    expect(kindOf(ch)).toBe(kind)
    const html = renderExact(`a${ch}b`)
    expect(html).not.toContain(ch)
    expect(shown(html)).toBe(`aU+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}b`)
  })

  it('shows a look-alike letter with its code point beside it (Cyrillic а, U+0430)', () => {
    expect(shown(renderExact('p\u0430th'))).toBe('p\u0430U+0430th')
    expect(shown(renderExact('😀'))).toBe('😀U+1F600')
  })

  it('shows long values whole', () => {
    const long = 'x'.repeat(200_000)
    expect(shown(renderExact(`{"a":"${long}"}`))).toBe(`{"a":"${long}"}`)
  })

  it('never emits a code point outside printable ASCII unlabelled, and no bidi or invisible one at all (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      const html = renderExact(s)
      for (const ch of html.replace(/<span class="glyph">(.*?)<\/span>/gu, '')) {
        const cp = ch.codePointAt(0) as number
        expect(cp >= 0x20 && cp <= 0x7e).toBe(true)
      }
      for (const m of html.matchAll(/<span class="glyph">(.*?)<\/span>/gu)) expect(kindOf(m[1] as string)).toBe('visible')
    }), { numRuns: 500 })
  })
})

describe('findings', () => {
  it('names bidi controls, controls, invisible characters and strings mixing scripts; nothing for plain ASCII', () => {
    const text = JSON.stringify({ a: 'fix \u202Etxt.exe', b: 'm\u0430in', c: 'x\u200By', d: 'caf\u00e9' })
    const f = findings(text, JSON.parse(text))
    expect(f.bidi).toEqual(['U+202E'])
    expect(f.invisible).toEqual(['U+200B'])
    expect(f.mixedScripts).toEqual([{ text: 'm\u0430in', scripts: ['Latin', 'Cyrillic'] }])
    expect(f.nonAscii).toBe(4)
    expect(findings('{"a":"b"}', { a: 'b' })).toEqual({ nonAscii: 0, controls: [], bidi: [], invisible: [], mixedScripts: [] })
  })
})
