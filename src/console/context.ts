/** @module console/context: what the console's handlers share: the desk, the log, sessions, and who is signed in. */
import type { IncomingMessage } from 'node:http'
import { VerbatimError } from '../errors/index.js'
import type { ApprovalDesk, DeskAudit } from './desk.js'
import { cookie, sessionCookieName } from './http.js'
import type { Session, Sessions } from './sessions.js'

export interface ConsoleContext {
  desk: ApprovalDesk
  audit: DeskAudit
  sessions: Sessions
  /** The console's origin is https: Secure cookies with the __Host- prefix, HSTS. */
  https: boolean
  log: (line: string) => void
}

/** The session of the request, if it has a live one whose approver is still in some group. */
export function sessionOf(c: ConsoleContext, req: IncomingMessage): Session | undefined {
  const s = c.sessions.get(cookie(req, sessionCookieName(c.https)))
  if (s === undefined) return undefined
  // Someone removed from every group is signed out at once.
  if (!c.desk.known(s.approver)) {
    c.sessions.endAll(s.approver)
    return undefined
  }
  return s
}

/** The session, with its CSRF token checked: for every request that changes state. */
export function requireSession(c: ConsoleContext, req: IncomingMessage): Session {
  const s = sessionOf(c, req)
  if (s === undefined) throw new VerbatimError('ERR_CONSOLE_UNAUTHENTICATED', 'sign in with your passkey first')
  const token = req.headers['x-csrf-token']
  if (typeof token !== 'string' || token !== s.csrf) throw new VerbatimError('ERR_CONSOLE_CSRF', 'the request carries no CSRF token of this session')
  return s
}
