/**
 * @module console/api-decide: an approver approves or denies one call with their passkey. The
 * challenge is derived from the call (src/approval/subject.ts), so the device signs those bytes, that
 * action and that comment; the signed `approval` record is durable before the decision counts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MAX_COMMENT, approvalRecordFields, assertionDigest, challengeOf, subjectOf, verifyAssertion } from '../approval/index.js'
import type { ApprovalAction, BookEntry } from '../approval/index.js'
import { VerbatimError } from '../errors/index.js'
import { assertionFrom } from './api-auth.js'
import type { ConsoleContext } from './context.js'
import { requireSession } from './context.js'
import { field, readJson, sendJson } from './http.js'
import type { Session } from './sessions.js'

/** Decisions being recorded, by approval and approver: a second one at the same time is a replay. */
const deciding = new Set<string>()

function action(v: string): ApprovalAction {
  if (v !== 'approve' && v !== 'deny') throw new VerbatimError('ERR_CONSOLE_BAD_REQUEST', 'action is approve or deny')
  return v
}

/** The call, still waiting, and this approver one who may decide it and has not yet. */
export function decidable(c: ConsoleContext, id: string, s: Session): BookEntry {
  const e = c.desk.book.get(id)
  if (e === undefined || !e.published) throw new VerbatimError('ERR_CONSOLE_NOT_FOUND', 'no such approval')
  const state = c.desk.book.stateOf(e, c.desk.now())
  if (state !== 'pending') throw new VerbatimError('ERR_CONSOLE_DECIDED', `the call is ${state}, no longer waiting`)
  if (!e.requirements.some((r) => c.desk.isMember(s.approver, r.group))) {
    throw new VerbatimError('ERR_CONSOLE_NOT_APPROVER', `${s.approver} is not in ${[...new Set(e.requirements.map((r) => r.group))].join(' or ')}`)
  }
  if (e.votes.some((v) => v.approver === s.approver)) throw new VerbatimError('ERR_CONSOLE_REPLAY', `${s.approver} already decided this call`)
  return e
}

function request(body: Record<string, unknown>): { action: ApprovalAction; comment: string } {
  const comment = field(body as never, 'comment', MAX_COMMENT)
  if (/[\u0000-\u001f\u007f]/.test(comment)) throw new VerbatimError('ERR_CONSOLE_BAD_REQUEST', 'a comment is one line without control characters')
  return { action: action(field(body as never, 'action', 16)), comment }
}

/** The WebAuthn options of one decision: the challenge derived from the call, this approver's passkeys. */
export async function decideOptions(c: ConsoleContext, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const s = requireSession(c, req)
  const { action: act, comment } = request(await readJson(req))
  const e = decidable(c, id, s)
  const subject = subjectOf(e.target, act, comment)
  sendJson(res, 200, {
    challenge: challengeOf(subject), rpId: c.desk.rp.rpId, timeout: 120_000, userVerification: c.desk.rp.userVerification,
    allowCredentials: c.desk.credentials.of(s.approver).map((x) => ({ id: x.id, type: 'public-key', transports: x.transports })),
  })
}

export async function decide(c: ConsoleContext, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const s = requireSession(c, req)
  const body = await readJson(req)
  const { action: act, comment } = request(body)
  const a = assertionFrom(body['response'])
  const e = decidable(c, id, s)
  const hit = c.desk.credentials.find(a.credentialId)
  if (hit === undefined || hit.approver !== s.approver) throw new VerbatimError('ERR_CONSOLE_NOT_APPROVER', `the passkey that signed is not one of ${s.approver}'s`)
  const key = `${id}\u0000${s.approver}`
  if (deciding.has(key)) throw new VerbatimError('ERR_CONSOLE_REPLAY', `${s.approver} is deciding this call already`)
  deciding.add(key)
  try {
    const r = await verifyAssertion(a, hit.credential, challengeOf(subjectOf(e.target, act, comment)), c.desk.rp)
    if (!r.ok) throw new VerbatimError('ERR_CONSOLE_ASSERTION', `${r.step}: ${r.why}`)
    const vote = { approver: s.approver, action: act, comment, assertion: a, assertionDigest: assertionDigest(a), at: c.desk.now() }
    // The signed decision is durable before it counts (DESIGN invariant 11: verifiable from the log alone).
    try {
      await c.audit.append('approval', approvalRecordFields({ target: e.target, vote, publicKey: hit.credential.publicKey, rp: c.desk.rp, signCount: r.signCount }))
    } catch (cause) {
      throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'the decision could not be made durable, so it does not count', { cause })
    }
    await c.desk.credentials.count(a.credentialId, r.signCount)
    const state = c.desk.book.vote(id, vote, c.desk.now(), c.desk.isMember)
    c.desk.changed(id)
    c.log(`verbatim console: ${s.approver} ${act === 'approve' ? 'approved' : 'denied'} ${e.target.tool} (approval ${id}); it is ${state}`)
    sendJson(res, 200, { status: state })
  } finally {
    deciding.delete(key)
  }
}
