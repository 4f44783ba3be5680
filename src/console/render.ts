/**
 * @module console/render: the exact bytes that will run, rendered so that nothing can hide; pure.
 * Printable ASCII is shown as itself (HTML-escaped); every other code point is shown as a labelled
 * badge `U+XXXX`, and only letters, digits, marks-free symbols and punctuation also show their glyph.
 * Controls, bidi overrides, zero-width and other invisible characters never reach the page raw, so
 * they can neither reorder nor hide text; letters of several scripts in one string are flagged
 * (a Cyrillic а in "pаth" is a look-alike). Long values are shown whole.
 */

/** What the approver is warned of, above the bytes. */
export interface Findings {
  /** Code points outside printable ASCII. */
  nonAscii: number
  /** C0/C1 controls and DEL (RFC 8785 escapes C0, never DEL or C1). */
  controls: string[]
  /** Bidirectional formatting characters (Unicode UAX #9): they reorder what is shown. */
  bidi: string[]
  /** Other invisible characters: format characters (zero-width, BOM, soft hyphen), non-ASCII spaces, combining marks. */
  invisible: string[]
  /** Strings whose letters come from more than one script (a look-alike may hide there). */
  mixedScripts: Array<{ text: string; scripts: string[] }>
}

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u
const INVISIBLE = /[\p{Cf}\p{Zs}\p{Zl}\p{Zp}\p{M}\p{Co}\p{Cn}\p{Cs}]/u
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Cherokee', 'Hebrew', 'Arabic', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Devanagari', 'Thai'] as const
const SCRIPT_RE = SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')] as const)

const label = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`

/** HTML-escapes printable ASCII (the only characters the page shows raw). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

/** The kind of a code point outside printable ASCII: it decides whether its glyph is shown. */
export function kindOf(ch: string): 'control' | 'bidi' | 'invisible' | 'visible' {
  if (CONTROL.test(ch)) return 'control'
  if (BIDI.test(ch)) return 'bidi'
  if (INVISIBLE.test(ch)) return 'invisible'
  return 'visible'
}

/** One code point as HTML: itself if printable ASCII, else a badge (with its glyph only when visible). */
function codePoint(ch: string): string {
  const cp = ch.codePointAt(0) as number
  if (cp >= 0x20 && cp <= 0x7e) return escapeHtml(ch)
  const kind = kindOf(ch)
  const glyph = kind === 'visible' ? `<span class="glyph">${ch}</span>` : ''
  return `<span class="cp ${kind}" title="${label(cp)} (${kind})">${glyph}<span class="code">${label(cp)}</span></span>`
}

/**
 * The text as HTML in which nothing hides (see the module comment). `newlines`: show LF as a line
 * break, for an indented copy whose line feeds the page added (JSON escapes every LF inside a string).
 */
export function renderExact(text: string, o: { newlines?: boolean } = {}): string {
  let out = ''
  for (const ch of text) out += o.newlines === true && ch === '\n' ? '\n' : codePoint(ch)
  return out
}

function scriptsOf(s: string): string[] {
  const found = new Set<string>()
  for (const ch of s) {
    if (!/\p{L}/u.test(ch)) continue
    const hit = SCRIPT_RE.find(([, re]) => re.test(ch))
    found.add(hit === undefined ? 'other' : hit[0])
  }
  return [...found]
}

function strings(v: unknown, out: string[]): string[] {
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) for (const x of v) strings(x, out)
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) { out.push(k); strings(x, out) }
  return out
}

/** What to warn of in the text (and in each key and string of its JSON value). */
export function findings(text: string, value: unknown): Findings {
  const f: Findings = { nonAscii: 0, controls: [], bidi: [], invisible: [], mixedScripts: [] }
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number
    if (cp >= 0x20 && cp <= 0x7e) continue
    f.nonAscii++
    const k = kindOf(ch)
    if (k === 'control') f.controls.push(label(cp))
    else if (k === 'bidi') f.bidi.push(label(cp))
    else if (k === 'invisible') f.invisible.push(label(cp))
  }
  for (const s of strings(value, [])) {
    const scripts = scriptsOf(s)
    if (scripts.length > 1) f.mixedScripts.push({ text: s, scripts })
  }
  return f
}

/** The findings as HTML list items (empty when the bytes are printable ASCII only). */
export function renderFindings(f: Findings): string[] {
  const items: string[] = []
  const uniq = (xs: string[]): string => [...new Set(xs)].join(', ')
  if (f.bidi.length > 0) items.push(`<li class="danger">${f.bidi.length} bidirectional control character(s) (${uniq(f.bidi)}): they reorder displayed text</li>`)
  if (f.controls.length > 0) items.push(`<li class="danger">${f.controls.length} control character(s) (${uniq(f.controls)})</li>`)
  if (f.invisible.length > 0) items.push(`<li class="danger">${f.invisible.length} invisible character(s) (${uniq(f.invisible)}): zero-width, format, non-ASCII space or combining mark</li>`)
  for (const m of f.mixedScripts) items.push(`<li class="danger">letters of ${m.scripts.join(' and ')} in one string: ${renderExact(JSON.stringify(m.text))}</li>`)
  if (items.length === 0 && f.nonAscii > 0) items.push(`<li class="note">${f.nonAscii} character(s) outside printable ASCII, each shown with its code point</li>`)
  return items
}
