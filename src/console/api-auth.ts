/**
 * @module console/api-auth: signing in with a passkey, and enrolling one with a one-time link.
 * Login: a random single-use challenge, an assertion verified as WebAuthn Level 3 §7.2 says, then a
 * session. Enrolment: registration (§7.1, attestation "none"), the link redeemed once, an `enrolment` record.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server'
import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import { verifyAssertion } from '../approval/index.js'
import type { Assertion } from '../approval/index.js'
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'
import type { ConsoleContext } from './context.js'
import { clearSession, cookie, field, readJson, sendJson, sessionCookieName, setSession } from './http.js'
import { peekInvite, redeemInvite } from './invites.js'

const TIMEOUT_MS = 120_000

/** The assertion parts of a browser's AuthenticationResponseJSON. */
export function assertionFrom(v: JsonValue | undefined): Assertion {
  const o = typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}
  const r = typeof o['response'] === 'object' && o['response'] !== null && !Array.isArray(o['response']) ? o['response'] : {}
  const s = (x: JsonValue | undefined, name: string): string => {
    if (typeof x !== 'string') throw new VerbatimError('ERR_CONSOLE_BAD_REQUEST', `the assertion has no ${name}`)
    return x
  }
  return { credentialId: s(o['id'], 'id'), clientDataJSON: s(r['clientDataJSON'], 'clientDataJSON'), authenticatorData: s(r['authenticatorData'], 'authenticatorData'), signature: s(r['signature'], 'signature') }
}

/** The challenge the client data claims, to look it up before anything is verified. */
function claimedChallenge(a: Assertion): string {
  try {
    const c = JSON.parse(Buffer.from(a.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }
    return typeof c.challenge === 'string' ? c.challenge : ''
  } catch {
    return ''
  }
}

export async function loginOptions(c: ConsoleContext, res: ServerResponse): Promise<void> {
  // Discoverable credentials: the authenticator offers the passkeys it holds for this RP ID.
  sendJson(res, 200, { challenge: c.sessions.challenge(), rpId: c.desk.rp.rpId, timeout: TIMEOUT_MS, userVerification: c.desk.rp.userVerification, allowCredentials: [] })
}

export async function login(c: ConsoleContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const a = assertionFrom((await readJson(req))['response'])
  const refused = (why: string): VerbatimError => new VerbatimError('ERR_CONSOLE_UNAUTHENTICATED', why)
  const challenge = claimedChallenge(a)
  // A login challenge is spent by its first use, verified or not: a replayed assertion finds none.
  if (!c.sessions.spend(challenge)) throw refused('the login challenge is unknown, used or expired: start again')
  const hit = c.desk.credentials.find(a.credentialId)
  if (hit === undefined) throw refused('this passkey is not enrolled here')
  if (!c.desk.known(hit.approver)) throw new VerbatimError('ERR_CONSOLE_NOT_APPROVER', `${hit.approver} is in no approver group`)
  const r = await verifyAssertion(a, hit.credential, challenge, c.desk.rp)
  if (!r.ok) throw new VerbatimError('ERR_CONSOLE_ASSERTION', `${r.step}: ${r.why}`)
  await c.desk.credentials.count(a.credentialId, r.signCount)
  const s = c.sessions.create(hit.approver)
  setSession(res, c.https, s.id, c.desk.config.console.sessionMinutes * 60)
  sendJson(res, 200, { approver: hit.approver })
}

export async function logout(c: ConsoleContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  c.sessions.end(cookie(req, sessionCookieName(c.https)))
  clearSession(res, c.https)
  sendJson(res, 200, { ok: true })
}

/** Registration challenges by invite token, each spent by its first use. */
const pending = new WeakMap<ConsoleContext, Map<string, { challenge: string; expires: number }>>()
const pendingOf = (c: ConsoleContext): Map<string, { challenge: string; expires: number }> => {
  let m = pending.get(c)
  if (m === undefined) pending.set(c, (m = new Map()))
  return m
}

export async function enrolOptions(c: ConsoleContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const token = field(await readJson(req), 'token', 64)
  const approver = await peekInvite(c.desk.config.dir, token, c.desk.now())
  if (!c.desk.known(approver)) throw new VerbatimError('ERR_CONSOLE_ENROLMENT', `${approver} is in no approver group (approvals.groups)`)
  const options = await generateRegistrationOptions({
    rpName: 'Verbatim approvals', rpID: c.desk.rp.rpId, userName: approver, userID: createHash('sha256').update(approver).digest().subarray(0, 16),
    attestationType: 'none', timeout: TIMEOUT_MS, supportedAlgorithmIDs: [-8, -7],
    excludeCredentials: c.desk.credentials.of(approver).map((x) => ({ id: x.id })),
    authenticatorSelection: { residentKey: 'required', userVerification: c.desk.rp.userVerification },
  })
  const m = pendingOf(c)
  if (m.size > 1000) m.clear()
  m.set(token, { challenge: options.challenge, expires: c.desk.now() + TIMEOUT_MS })
  sendJson(res, 200, options)
}

export async function enrol(c: ConsoleContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req)
  const token = field(body, 'token', 64)
  const m = pendingOf(c)
  const p = m.get(token)
  m.delete(token)
  if (p === undefined || p.expires <= c.desk.now()) throw new VerbatimError('ERR_CONSOLE_ENROLMENT', 'start the enrolment again (no registration challenge for this link)')
  let info
  try {
    const v = await verifyRegistrationResponse({
      response: body['response'] as unknown as RegistrationResponseJSON, expectedChallenge: p.challenge, expectedOrigin: [...c.desk.rp.origins], expectedRPID: c.desk.rp.rpId,
      requireUserVerification: c.desk.rp.userVerification === 'required', supportedAlgorithmIDs: [-8, -7],
    })
    if (!v.verified) throw new Error('the registration does not verify')
    info = v.registrationInfo
  } catch (e) {
    throw new VerbatimError('ERR_CONSOLE_ENROLMENT', `the passkey's registration was refused: ${(e as Error).message}`)
  }
  // The link is spent now, once, whoever races for it.
  const approver = await redeemInvite(c.desk.config.dir, token, c.desk.now())
  const cred = info.credential
  const publicKey = Buffer.from(cred.publicKey).toString('base64url')
  await c.audit.append('enrolment', { approver, credentialId: cred.id, publicKey, rpId: c.desk.rp.rpId, origin: info.origin, invite: createHash('sha256').update(token).digest('hex').slice(0, 16) })
  await c.desk.credentials.add(approver, { id: cred.id, publicKey, counter: cred.counter, enrolled: c.desk.now(), transports: cred.transports ?? [] })
  c.log(`verbatim console: ${approver} enrolled passkey ${cred.id}`)
  sendJson(res, 200, { approver, credentialId: cred.id })
}
