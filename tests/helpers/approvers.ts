/**
 * @module tests/helpers/approvers: approvers with software passkeys (src/spec/soft-authenticator.ts),
 * enrolled by writing credentials.json as the console would, and a client of the console's API that
 * signs in and decides as the console's own page does.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { TrustFile } from '../../src/approval/index.js'
import { softAssertion, softCredential } from '../../src/spec/soft-authenticator.js'
import type { CoseAlg, SoftCredential } from '../../src/spec/soft-authenticator.js'

export interface Approver {
  name: string
  cred: SoftCredential
  /** The credential id, base64url. */
  id: string
  /** The COSE public key, base64url. */
  publicKey: string
}

export function approver(name: string, alg: CoseAlg = -7): Approver {
  const { privateKey } = alg === -8 ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const cred = softCredential(privateKey, alg, new Uint8Array(randomBytes(16)))
  return { name, cred, id: Buffer.from(cred.id).toString('base64url'), publicKey: Buffer.from(cred.publicKeyCose).toString('base64url') }
}

/** credentials.json of an approvals dir, as enrolment writes it. */
export async function enrolled(dir: string, approvers: readonly Approver[]): Promise<void> {
  const file: { version: 1; approvers: Record<string, unknown[]> } = { version: 1, approvers: {} }
  for (const a of approvers) file.approvers[a.name] = [...(file.approvers[a.name] ?? []), { id: a.id, publicKey: a.publicKey, counter: 0, enrolled: 0, transports: ['internal'] }]
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'credentials.json'), JSON.stringify(file, null, 2))
}

/** The trust file `verbatim approvers export` would write for these approvers. */
export function trustOf(origin: string, groups: Record<string, string[]>, approvers: readonly Approver[]): TrustFile {
  const out: TrustFile = { rpId: new URL(origin).hostname, origins: [origin], userVerification: 'required', approvers: {} }
  for (const a of approvers) out.approvers[a.name] = { groups: Object.keys(groups).filter((g) => groups[g]?.includes(a.name)), credentials: [{ id: a.id, publicKey: a.publicKey }] }
  return out
}

export interface ConsoleAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  json: Record<string, unknown>
}

/** A console client on 127.0.0.1 that sends the Host and Origin of the console's configured origin. */
export class ConsoleClient {
  readonly origin: string
  readonly port: number
  cookie = ''
  csrf = ''

  constructor(origin: string) {
    this.origin = origin
    this.port = Number(new URL(origin).port)
  }

  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ConsoleAnswer> {
    const text = body === undefined ? undefined : JSON.stringify(body)
    const h: Record<string, string> = { host: new URL(this.origin).host, ...(this.cookie === '' ? {} : { cookie: this.cookie }), ...(text === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }) }
    if (method === 'POST') Object.assign(h, { origin: this.origin, 'sec-fetch-site': 'same-origin', 'x-csrf-token': this.csrf })
    Object.assign(h, headers)
    for (const [k, v] of Object.entries(h)) if (v === '') delete h[k]
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: this.port, method, path, headers: h }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (d: Buffer) => chunks.push(d))
        res.on('end', () => {
          const b = Buffer.concat(chunks).toString()
          let json: Record<string, unknown> = {}
          try { json = JSON.parse(b) as Record<string, unknown> } catch { json = {} }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b, json })
        })
      })
      req.on('error', reject)
      req.end(text)
    })
  }

  /** Signs in as the console's page does: options, an assertion over the login challenge, the session cookie and its CSRF token. */
  async login(a: Approver): Promise<ConsoleAnswer> {
    const o = await this.send('POST', '/api/login/options', {})
    const assertion = softAssertion(a.cred, { challenge: String(o.json['challenge']), origin: this.origin, rpId: new URL(this.origin).hostname })
    const r = await this.send('POST', '/api/login', { response: responseJson(assertion) })
    const set = r.headers['set-cookie']
    if (r.status === 200 && set !== undefined) {
      this.cookie = String(Array.isArray(set) ? set[0] : set).split(';')[0] as string
      const page = await this.send('GET', '/')
      this.csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)?.[1] ?? ''
    }
    return r
  }

  /** Approves or denies as the console's page does: options (the challenge derived from the call), the passkey's assertion, decide. */
  async decide(id: string, action: 'approve' | 'deny', a: Approver, comment = '', tamper?: (assertion: ReturnType<typeof softAssertion>) => ReturnType<typeof softAssertion>): Promise<ConsoleAnswer> {
    const o = await this.send('POST', `/api/approvals/${id}/options`, { action, comment })
    if (o.status !== 200) return o
    let assertion = softAssertion(a.cred, { challenge: String(o.json['challenge']), origin: this.origin, rpId: new URL(this.origin).hostname })
    if (tamper !== undefined) assertion = tamper(assertion)
    return this.send('POST', `/api/approvals/${id}/decide`, { action, comment, response: responseJson(assertion) })
  }
}

/** An AuthenticationResponseJSON, as @simplewebauthn/browser's startAuthentication returns it. */
export function responseJson(a: ReturnType<typeof softAssertion>): Record<string, unknown> {
  return { id: a.credentialId, rawId: a.credentialId, type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: a.clientDataJSON, authenticatorData: a.authenticatorData, signature: a.signature } }
}
