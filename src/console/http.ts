/** @module console/http: the console's own HTTP plumbing: security headers, cookies, JSON in and out, problems. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { strictValue } from '../canonical/index.js'
import type { JsonValue } from '../canonical/index.js'
import { PROBLEM_CONTENT_TYPE, VerbatimError, toProblem } from '../errors/index.js'
import { readRequestBody } from '../intake/index.js'

/**
 * Every answer: nothing may frame the console (clickjacking: CSP frame-ancestors 'none' and
 * X-Frame-Options DENY), no script but its own origin's files, no caching, no referrer, its own
 * browsing-context group, and passkeys for this origin only.
 */
export function securityHeaders(res: ServerResponse, https: boolean): void {
  res.setHeader('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
  res.setHeader('x-frame-options', 'DENY')
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('referrer-policy', 'no-referrer')
  res.setHeader('cache-control', 'no-store')
  res.setHeader('cross-origin-opener-policy', 'same-origin')
  res.setHeader('cross-origin-resource-policy', 'same-origin')
  res.setHeader('permissions-policy', 'publickey-credentials-get=(self), publickey-credentials-create=(self)')
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000')
}

export function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, 'application/json', JSON.stringify(value), headers)
}

export function sendProblem(res: ServerResponse, err: unknown): void {
  const p = toProblem(err)
  send(res, p.status, PROBLEM_CONTENT_TYPE, JSON.stringify(p))
}

/** One cookie of the request (RFC 6265 §5.4: name=value pairs split at ";"). */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}

/** The session cookie: HttpOnly, SameSite=Strict, Path=/; on https Secure with the __Host- prefix (RFC 6265bis §4.1.3.2). */
export function sessionCookieName(https: boolean): string {
  return https ? '__Host-verbatim-console' : 'verbatim-console'
}

export function setSession(res: ServerResponse, https: boolean, id: string, maxAgeSeconds: number): void {
  res.setHeader('set-cookie', `${sessionCookieName(https)}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${https ? '; Secure' : ''}`)
}

export function clearSession(res: ServerResponse, https: boolean): void {
  res.setHeader('set-cookie', `${sessionCookieName(https)}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${https ? '; Secure' : ''}`)
}

/** A JSON object body of at most 64 KiB, read strictly (one meaning, as everything the gate reads). */
export async function readJson(req: IncomingMessage): Promise<Record<string, JsonValue>> {
  const bytes = await readRequestBody(req, { body: () => null, header: (n) => { const v = req.headers[n]; return Array.isArray(v) ? v.join(', ') : v } }, 64 * 1024)
  let v: JsonValue
  try {
    v = strictValue(bytes)
  } catch (e) {
    throw new VerbatimError('ERR_CONSOLE_BAD_REQUEST', `the request body is not JSON: ${(e as Error).message}`)
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new VerbatimError('ERR_CONSOLE_BAD_REQUEST', 'the request body is not a JSON object')
  return v
}

/** A string member of a request body, or a refusal. */
export function field(body: Record<string, JsonValue>, key: string, max = 4096): string {
  const v = body[key]
  if (typeof v !== 'string' || v.length > max) throw new VerbatimError('ERR_CONSOLE_BAD_REQUEST', `the request body needs a string ${key}`)
  return v
}
