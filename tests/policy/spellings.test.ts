import { describe, expect, it } from 'vitest'
import { allowWhen, decide } from './helpers.js'

// Invariant 3: evaluate the spelling that runs. The matcher never cleans a value up first.
describe('pathUnder /workspace: the spelling that runs', () => {
  const policy = allowWhen({ pointer: '/path', pathUnder: '/workspace' })

  it.each(['/workspace', '/workspace/a/b.txt', '/workspace/a', '/workspace/.hidden', '/workspace/a..b', '/workspace/%2e%2e'])(
    'admits %s', (path) => {
      expect(decide(policy, { path }).decision).toBe('allow')
    },
  )

  it.each([
    ['a sibling sharing the prefix', '/workspace2/x'],
    ['a dot-dot segment', '/workspace/../etc/passwd'],
    ['a trailing dot-dot', '/workspace/a/..'],
    ['a dot segment', '/workspace/./a'],
    ['a leading double slash', '//workspace/a'],
    ['an inner double slash', '/workspace//a'],
    ['a trailing slash', '/workspace/a/'],
    ['the base with a trailing slash', '/workspace/'],
    ['a relative path', 'workspace/a'],
    ['a dot-relative path', './workspace/a'],
    ['an empty path', ''],
    ['a NUL byte', '/workspace/a\u0000.txt'],
    ['a backslash', '/workspace\\..\\etc'],
    ['a newline', '/workspace/a\nb'],
    ['a path outside', '/etc/passwd'],
  ])('denies %s (%j)', (_label, path) => {
    const d = decide(policy, { path })
    expect(d.decision).toBe('deny')
    expect(d.code).toBe('ERR_POLICY_NO_MATCH')
  })

  it('denies a path that is not a string', () => {
    expect(decide(policy, { path: ['/workspace', 'a'] }).decision).toBe('deny')
  })

  it('admits every canonical path under the root base "/"', () => {
    const root = allowWhen({ pointer: '/path', pathUnder: '/' })
    expect(decide(root, { path: '/etc/hosts' }).decision).toBe('allow')
    expect(decide(root, { path: '/etc/../hosts' }).decision).toBe('deny')
  })
})

describe('urlHost: the spelling that runs', () => {
  const policy = allowWhen({ pointer: '/url', urlHost: ['example.com', 'api.example.com:8443'] })

  it.each([
    'https://example.com/',
    'https://example.com/a/b?q=1#f',
    'http://example.com/',
    'https://api.example.com:8443/v1',
  ])('admits %s', (url) => {
    expect(decide(policy, { url }).decision).toBe('allow')
  })

  it.each([
    ['an uppercase scheme and host', 'HTTPS://Example.com/'],
    ['an uppercase host', 'https://EXAMPLE.com/'],
    ['userinfo before an evil host', 'https://example.com@evil.com/'],
    ['userinfo before the right host', 'https://user@example.com/'],
    ['a password', 'https://u:p@example.com/'],
    ['no trailing slash after the host', 'https://example.com'],
    ['a default port spelled out', 'https://example.com:443/'],
    ['a port not on the list', 'https://example.com:8443/'],
    ['a host suffix', 'https://example.com.evil.com/'],
    ['a trailing-dot host', 'https://example.com./'],
    ['a dot segment in the path', 'https://example.com/a/../b'],
    ['a backslash', 'https:\\\\example.com/'],
    ['surrounding whitespace', ' https://example.com/'],
    ['percent-encoded host', 'https://%65xample.com/'],
    ['not a URL', 'example.com'],
    ['another host', 'https://evil.com/'],
  ])('denies %s (%j)', (_label, url) => {
    const d = decide(policy, { url })
    expect(d.decision).toBe('deny')
    expect(d.code).toBe('ERR_POLICY_NO_MATCH')
  })
})
