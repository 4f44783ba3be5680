/**
 * @module tests/docs/normalise: how a `console` block's expected output is compared with what the command printed.
 *
 * Both sides, after the session maps paths and ports back (session.ts):
 * - line ends: CRLF becomes LF, trailing spaces go, and leading and trailing blank lines go;
 * - volatile values become placeholders: ISO-8601 times `<time>`, UUIDs `<uuid>`, RFC 7638 key ids
 *   (43 base64url characters) `<kid>`; so a doc may show a real-looking value or the placeholder;
 * - with the `json` option, whitespace outside JSON strings is ignored (a doc may print JSON compactly).
 * Then `…` in the expected output matches any run of characters within one line (to elide a digest).
 */

const TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})\b/g
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi
const KID = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g

export function normalise(text: string, options: { json?: boolean } = {}): string {
  let t = text.replace(/\r\n/g, '\n').replace(TIME, '<time>').replace(UUID, '<uuid>').replace(KID, '<kid>')
  if (options.json === true) t = stripJsonWhitespace(t)
  return t.split('\n').map((l) => l.replace(/\s+$/, '')).join('\n').replace(/^\n+|\n+$/g, '')
}

/** Drops whitespace outside double-quoted strings (newlines included), keeping escapes inside strings. */
export function stripJsonWhitespace(s: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string
    if (inString) {
      out += c
      if (c === '\\') out += s[++i] ?? ''
      else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      out += c
    } else if (!/\s/.test(c)) {
      out += c
    }
  }
  return out
}

/** True when `actual` matches `expected`, where `…` in `expected` stands for any characters within a line. */
export function matchesExpected(actual: string, expected: string): boolean {
  const parts = expected.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('[^\\n]*')}$`).test(actual)
}
