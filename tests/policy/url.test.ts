/** Hosts and URLs: label-aware wildcards, a public-suffix guard, IDNA, userinfo, explicit schemes and ports, addressable query parameters. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileHostPattern, hostMatches, hostPatternProblem } from '../../src/policy/matchers/hosts.js'
import { decide, faultsOf, policyOf } from './helpers.js'

const urlHost = (hosts: string[]): ReturnType<typeof policyOf> => policyOf([{ id: 'u', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/url', urlHost: hosts }] }])
const allowed = (p: ReturnType<typeof policyOf>, url: string): boolean => decide(p, { url }).decision === 'allow'

describe('urlHost: "*.github.com" loads and matches by whole labels', () => {
  const p = urlHost(['*.github.com'])
  it.each(['https://api.github.com/', 'https://a.b.github.com/x?y=1', 'http://raw.github.com/'])('matches %s', (url) => {
    expect(allowed(p, url)).toBe(true)
  })
  it.each([
    'https://github.com/', 'https://github.com.evil.io/', 'https://evilgithub.com/', 'https://api.github.com.evil.io/',
    'https://api.github.com:8443/', 'https://api.github.com@evil.io/', 'https://API.github.com/', 'https://api.github.com',
  ])('never %s', (url) => {
    expect(allowed(p, url)).toBe(false)
  })

  it('keeps exact hosts and ports as before', () => {
    const q = urlHost(['example.com', 'example.com:8443'])
    expect(allowed(q, 'https://example.com/')).toBe(true)
    expect(allowed(q, 'https://example.com:8443/')).toBe(true)
    expect(allowed(q, 'https://a.example.com/')).toBe(false)
  })
})

describe('host patterns: refused at load when they could never mean what they say', () => {
  it.each([
    ['*.co.uk', 'would match every site under the public suffix "co.uk"'],
    ['*.com', 'public suffix "com"'],
    ['*.github.io', 'public suffix "github.io"'],
    ['*.*.example.com', 'a wildcard is a whole first label'],
    ['api.*.example.com', 'a wildcard is a whole first label'],
    ['*example.com', 'a wildcard is a whole first label'],
    ['*.10.0.0.1', 'an IP address has no subdomains to match'],
    ['Example.com', 'is not a host as a canonical URL spells it'],
    ['example.com:443', 'is not a host as a canonical URL spells it'],
  ])('%s', (pattern, text) => {
    expect(hostPatternProblem(pattern)).toContain(text)
    const f = faultsOf([{ path: 'h.yaml', text: `rules:\n  - { id: r, effect: allow, agents: [a], tools: [t], when: [{ pointer: /u, urlHost: ["${pattern}"] }] }\n` }])
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining(`rules.0.when.0.urlHost.0: ${JSON.stringify(pattern)}`)])
  })

  it('accepts a pattern under a registrable domain of a multi-label suffix, and IDNA patterns as their ASCII form', () => {
    expect(hostPatternProblem('*.example.co.uk')).toBeUndefined()
    expect(hostPatternProblem('*.bücher.de')).toBeUndefined()
    expect(allowed(urlHost(['*.bücher.de']), 'https://shop.xn--bcher-kva.de/')).toBe(true)
    // The value must already be the canonical (ASCII) spelling: the executor's parser would send that.
    expect(allowed(urlHost(['*.bücher.de']), 'https://shop.bücher.de/')).toBe(false)
  })
})

describe('host patterns: properties', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/)
  const domain = fc.tuple(label, fc.constantFrom('example.com', 'github.com', 'acme.co.uk'))
  it('a wildcard matches exactly the hosts that end with "." + its suffix and have a label before it', () => {
    fc.assert(fc.property(domain, fc.array(label, { maxLength: 3 }), fc.array(label, { maxLength: 2 }), ([l, base], pre, post) => {
      const suffix = `${l}.${base}`
      const p = compileHostPattern(`*.${suffix}`)
      const host = [...pre, suffix, ...post].join('.')
      expect(hostMatches(p, host)).toBe(pre.length > 0 && post.length === 0)
    }), { numRuns: 300 })
  })

  it('a wildcard never matches a host whose labels do not end with its own', () => {
    fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), domain, ([head, ...rest], [l, base]) => {
      const host = [head, ...rest].join('.')
      if (host.endsWith(`.${l}.${base}`)) return
      expect(hostMatches(compileHostPattern(`*.${l}.${base}`), host)).toBe(false)
    }), { numRuns: 300 })
  })
})

describe('url: scheme, host, port and query, each explicit', () => {
  const p = policyOf([{ id: 'u', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/url', url: {
    hosts: ['*.github.com'], when: [{ pointer: '/query/token', absent: true }, { pointer: '/path', prefix: '/repos/' }],
  } }] }])
  const why = (url: string): string => decide(p, { url }).reasons[0]?.why ?? ''

  it('allows an https URL under the host, on the default port, with the path and query the rule wants', () => {
    expect(allowed(p, 'https://api.github.com/repos/acme/app?per_page=10')).toBe(true)
  })

  it.each([
    ['http://api.github.com/repos/a', 'the scheme http is not in ["https"]'],
    ['https://api.github.com:8443/repos/a', 'the port 8443 is not the default port of https'],
    ['https://api.github.com:443/repos/a', 'not the canonical spelling, which is "https://api.github.com/repos/a"'],
    ['https://github.com/repos/a', 'the host github.com is not in ["*.github.com"]'],
    ['https://api.github.com/repos/a?token=x', 'no value at /query/token'],
    ['https://api.github.com/users/a', 'does not satisfy'],
  ])('denies %s: %s', (url, text) => {
    expect(decide(p, { url }).decision).toBe('deny')
    expect(why(url)).toContain(text === 'no value at /query/token' ? '/query/token is present' : text)
  })

  it.each([
    ['https://u:p@api.github.com/repos/a', 'it has userinfo: its host is api.github.com, after the "@"'],
    ['https://api.github.com/repos/a?token=1&token=2', 'the query the parameter "token" is given twice'],
    ['https://api.github.com/repos/a?q=a+b', 'holds "+" or ";", which servers read differently'],
    ['https://api.github.com/repos/a?q=a;token=1', 'holds "+" or ";"'],
    ['https://api.github.com/repos/a?flag', 'has no "=": null to some servers, "" to others'],
    ['https://api.github.com/repos/a?q=%zz', 'has a bad %-escape'],
    ['https://api.github.com/repos/a%2F..%2Fusers', 'has an encoded "/", "\\", "." or NUL'],
    ['not a url', 'not a URL'],
  ])('refuses %s: %s', (url, text) => {
    const r = decide(p, { url }).reasons[0]
    expect(r).toMatchObject({ refused: true })
    expect(r?.why).toContain(text)
  })

  it('takes ports and schemes as listed: the default port is a port like any other', () => {
    const q = policyOf([{ id: 'u', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/url', url: { schemes: ['https', 'wss'], hosts: ['example.com'], ports: [443, 8443] } }] }])
    expect(allowed(q, 'https://example.com/')).toBe(true)
    expect(allowed(q, 'https://example.com:8443/')).toBe(true)
    expect(allowed(q, 'wss://example.com/')).toBe(true)
    expect(allowed(q, 'https://example.com:9000/')).toBe(false)
    expect(allowed(q, 'http://example.com/')).toBe(false)
  })

  it('refuses a port in url hosts at load: ports are listed in ports', () => {
    const f = faultsOf([{ path: 'u.yaml', text: 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t], when: [{ pointer: /u, url: { hosts: ["example.com:8443"] } }] }\n' }])
    expect(f.map((x) => x.message)).toEqual(['rules.0.when.0.url.hosts.0: a host without a port: list ports in ports'])
  })
})
