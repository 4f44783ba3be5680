/** docs/binding.md (generated), docs/guard.md (hand-written) and the code state each rule once, the same way. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NONCE_PATTERN, replayHoldSeconds } from '../../src/binding/index.js'
import { renderBindingDoc } from '../../src/spec/index.js'
import { ERROR_CODES } from '../../src/errors/index.js'

const binding = renderBindingDoc()
const guard = readFileSync(new URL('../../docs/guard.md', import.meta.url), 'utf8')
const both = [['docs/binding.md', binding], ['docs/guard.md', guard]] as const

describe('the two documents and the code agree', () => {
  it.each(both)('%s states the restart rule as the code applies it, created <= startedAt + skew', (_f, text) => {
    expect(text).toContain('created <= startedAt + skew')
    expect(text).not.toMatch(/created < start - skew|created < started_at - skew|created <= start \+ skew/)
  })

  it.each(both)('%s states the nonce hold time as the code computes it', (_f, text) => {
    expect(text).toContain('max(expires + skew - now, 1) + 1')
    expect(text).not.toMatch(/claim params\.nonce for \(expires \+ skew - now\) seconds|Hold it until `expires \+ skew`/)
    for (const [expires, now] of [[100, 50], [100, 129], [100, 130]] as const) {
      expect(replayHoldSeconds({ created: 40, expires, nonce: '', keyid: '', alg: '', tag: '' }, now, 30)).toBe(Math.max(expires + 30 - now, 1) + 1)
    }
  })

  it.each(both)('%s names step 0, the content type, and its code', (_f, text) => {
    expect(text).toContain('ERR_GUARD_CONTENT_TYPE')
    expect(text).toMatch(/application\/json/)
  })

  it.each(both)('%s refuses created=N.0 and requires a kid that is the RFC 7638 thumbprint', (_f, text) => {
    expect(text).toMatch(/created=1767225600\.0/)
    expect(text).toMatch(/thumbprint/)
  })

  it('docs/binding.md states the nonce pattern the code enforces', () => {
    expect(binding).toContain(`\`${NONCE_PATTERN.source}\``)
  })

  it('docs/binding.md names every ERR_GUARD_* and ERR_BINDING_* code', () => {
    for (const c of ERROR_CODES.filter((x) => /^ERR_(GUARD|BINDING)_/.test(x))) expect(binding).toContain(`\`${c}\``)
  })

  it('docs/binding.md gives Signature without Signature-Input, and the reverse, one code: ERR_GUARD_SIGNATURE_MISSING', () => {
    expect(binding).toMatch(/`Signature-Input` and `Signature` are both present and not empty; else `ERR_GUARD_SIGNATURE_MISSING`/)
    expect(binding).toContain('si or sg absent or "" -> MISSING')
  })

  it('docs/guard.md has no step list of its own that disagrees: it counts the same steps 0-11', () => {
    expect(guard).toMatch(/^0\. \*\*Content type/m)
    expect(guard).toMatch(/^11\. \*\*Canonical body/m)
  })
})
