/**
 * @module console/app: the console's routes. Pages and assets are GET; every request that changes
 * state is a POST from the console's own origin (Origin checked, cross-site fetches refused) and,
 * once signed in, carries the session's CSRF token. The Host must be the origin's (DNS rebinding).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { VerbatimError } from '../errors/index.js'
import { decide, decideOptions } from './api-decide.js'
import { enrol, enrolOptions, login, loginOptions, logout } from './api-auth.js'
import { CONSOLE_JS } from './client-script.js'
import type { ConsoleContext } from './context.js'
import { sessionOf } from './context.js'
import { securityHeaders, send, sendProblem } from './http.js'
import { CONSOLE_CSS, approvalPage, enrolPage, listPage, loginPage, messagePage } from './pages.js'

/** The browser half of @simplewebauthn (its UMD bundle), served from the console's own origin: no CDN. */
function webauthnBundle(): string {
  const main = createRequire(import.meta.url).resolve('@simplewebauthn/browser')
  return readFileSync(join(dirname(main), '..', 'dist', 'bundle', 'index.umd.min.js'), 'utf8')
}

const HTML = 'text/html; charset=utf-8'

/** Cross-site request forgery: a state change must come from the console's origin, by the browser's own account. */
function checkOrigin(c: ConsoleContext, req: IncomingMessage): void {
  const origin = req.headers.origin
  const site = req.headers['sec-fetch-site']
  if (origin !== c.desk.config.console.origin || (site !== undefined && site !== 'same-origin')) {
    throw new VerbatimError('ERR_CONSOLE_ORIGIN', `a request from ${origin ?? 'no origin'} (${site ?? 'no Sec-Fetch-Site'}) may not change anything here`)
  }
}

type Api = (c: ConsoleContext, req: IncomingMessage, res: ServerResponse, id: string) => Promise<void>
const API: Readonly<Record<string, Api>> = {
  '/api/login/options': (c, _req, res) => loginOptions(c, res),
  '/api/login': (c, req, res) => login(c, req, res),
  '/api/logout': (c, req, res) => logout(c, req, res),
  '/api/enrol/options': (c, req, res) => enrolOptions(c, req, res),
  '/api/enrol': (c, req, res) => enrol(c, req, res),
}
const DECIDE = /^\/api\/approvals\/([A-Za-z0-9_.:-]{1,128})\/(options|decide)$/
const PAGE = /^\/approvals\/([A-Za-z0-9_.:-]{1,128})$/

/** The console as a node request handler. */
export function consoleHandler(c: ConsoleContext): (req: IncomingMessage, res: ServerResponse) => void {
  const bundle = webauthnBundle()
  const host = new URL(c.desk.config.console.origin).host
  return (req, res) => {
    securityHeaders(res, c.https)
    void route(c, req, res, host, bundle).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy()
      if (!(err instanceof VerbatimError)) c.log(`verbatim console: internal error: ${(err as Error).stack ?? String(err)}`)
      sendProblem(res, err)
    })
  }
}

async function route(c: ConsoleContext, req: IncomingMessage, res: ServerResponse, host: string, bundle: string): Promise<void> {
  if (req.headers.host !== host) throw new VerbatimError('ERR_CONSOLE_ORIGIN', `this console answers for ${host} only`)
  const path = (req.url ?? '/').split('?')[0] as string
  if (req.method === 'POST') {
    checkOrigin(c, req)
    const api = Object.hasOwn(API, path) ? API[path] : undefined
    if (api !== undefined) return api(c, req, res, '')
    const m = DECIDE.exec(path)
    if (m !== null) return (m[2] === 'options' ? decideOptions : decide)(c, req, res, m[1] as string)
    throw new VerbatimError('ERR_CONSOLE_NOT_FOUND', 'no such console endpoint')
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new VerbatimError('ERR_CONSOLE_NOT_FOUND', 'the console answers GET and POST')
  if (path === '/console.js') return send(res, 200, 'text/javascript; charset=utf-8', CONSOLE_JS)
  if (path === '/webauthn.js') return send(res, 200, 'text/javascript; charset=utf-8', bundle)
  if (path === '/console.css') return send(res, 200, 'text/css; charset=utf-8', CONSOLE_CSS)
  if (path === '/enrol') return send(res, 200, HTML, enrolPage())
  const s = sessionOf(c, req)
  const page = PAGE.exec(path)
  if (path !== '/' && page === null) return send(res, 404, HTML, messagePage({ title: 'Not found' }, 'Not found', 'There is no such page.'))
  if (s === undefined) return send(res, 200, HTML, loginPage(path))
  const ctx = { approver: s.approver, csrf: s.csrf, title: 'Approvals' }
  const now = c.desk.now()
  if (page === null) return send(res, 200, HTML, listPage(ctx, c.desk.book.waiting(now), now))
  const e = c.desk.book.get(page[1] as string)
  if (e === undefined || !e.published) return send(res, 404, HTML, messagePage(ctx, 'Not found', 'No such approval: it never existed, or it ended more than an hour ago.'))
  const state = c.desk.book.stateOf(e, now)
  const cannot = state !== 'pending' ? `This call is ${state}.`
    : !e.requirements.some((r) => c.desk.isMember(s.approver, r.group)) ? `You are not in ${[...new Set(e.requirements.map((r) => r.group))].join(' or ')}, the approvers of this call.`
      : e.votes.some((v) => v.approver === s.approver) ? 'You decided this call already.' : undefined
  return send(res, 200, HTML, approvalPage({ ...ctx, title: e.target.tool }, e, state, now, cannot))
}
