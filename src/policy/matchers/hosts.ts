/** @module policy/matchers/hosts: host patterns, label by label: `*.github.com` covers `api.github.com`, never `github.com` or `github.com.evil.io`. */
import { domainToASCII } from 'node:url'
import { getPublicSuffix } from 'tldts'

/** A compiled host pattern: an exact host, or every host with one or more labels before `suffix`. */
export interface HostPattern {
  /** As the policy wrote it, for messages. */
  readonly source: string
  /** The ASCII (IDNA) form: `*.xn--bcher-kva.de`. */
  readonly ascii: string
  readonly exact?: string
  /** `.github.com` for `*.github.com`, port included when the pattern names one. */
  readonly suffix?: string
}

/** A host as a canonical WHATWG URL spells it: lowercase, punycode, no default port, no userinfo. */
export function isCanonicalHost(h: string): boolean {
  try {
    const url = new URL(`https://${h}/`)
    return url.host === h && url.username === '' && url.pathname === '/' && url.href === `https://${h}/`
  } catch {
    return false
  }
}

/** IDNA (UTS #46) to ASCII, label by label, the way the URL parser spells a host; only non-ASCII patterns change. */
function toAscii(host: string): string {
  if (/^[\x00-\x7f]*$/.test(host)) return host
  const [name = '', port] = host.split(/:(?=\d+$)/)
  const ascii = domainToASCII(name)
  return ascii === '' ? host : port === undefined ? ascii : `${ascii}:${port}`
}

const IP_LIKE = /^(?:\[.*\]|[0-9.]+)(?::\d+)?$/

/**
 * Why `pattern` cannot be a host pattern, or undefined. A wildcard is one leading `*.` label; what
 * follows must be a canonical host that is not a public suffix (Public Suffix List, private
 * section included: `*.co.uk` and `*.github.io` would admit every site under them).
 */
export function hostPatternProblem(pattern: string): string | undefined {
  const wild = pattern.startsWith('*.')
  const rest = toAscii(wild ? pattern.slice(2) : pattern)
  if (rest.includes('*')) return `${JSON.stringify(pattern)}: a wildcard is a whole first label, "*.", and only one`
  if (!isCanonicalHost(rest)) {
    return `${JSON.stringify(pattern)} is not a host as a canonical URL spells it (lowercase, no port 443, no userinfo)`
  }
  if (!wild) return undefined
  if (IP_LIKE.test(rest)) return `${JSON.stringify(pattern)}: an IP address has no subdomains to match`
  const name = rest.replace(/:\d+$/, '')
  const suffix = getPublicSuffix(name, { allowPrivateDomains: true })
  if (suffix === name || suffix === null) {
    return `${JSON.stringify(pattern)} would match every site under the public suffix ${JSON.stringify(name)}; name a domain someone owns, e.g. "*.example.${name}"`
  }
  return undefined
}

/** Compiles a pattern `hostPatternProblem` accepted. */
export function compileHostPattern(pattern: string): HostPattern {
  const wild = pattern.startsWith('*.')
  const ascii = toAscii(wild ? pattern.slice(2) : pattern)
  return wild ? { source: pattern, ascii: `*.${ascii}`, suffix: `.${ascii}` } : { source: pattern, ascii, exact: ascii }
}

/**
 * True when the canonical `host` (URL `host`: name plus a non-default port) matches. A wildcard
 * needs at least one whole label before its suffix, so `github.com` and `xgithub.com` miss
 * `*.github.com`; the comparison is on labels because the suffix starts with ".". A port is part
 * of the host: `*.github.com` misses `api.github.com:8443`, another origin.
 */
export function hostMatches(p: HostPattern, host: string): boolean {
  if (p.exact !== undefined) return host === p.exact
  const s = p.suffix as string
  if (host.length <= s.length || !host.endsWith(s)) return false
  return host.charCodeAt(host.length - s.length - 1) !== 0x2e // no empty label before the suffix
}
