/**
 * @module tests/docs/runners/checks: named scenarios a daemon block must pass (`check=NAME`), for claims the
 * doc makes in prose that no reader-visible command can show on its own.
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { softRegistration } from '../../../src/spec/soft-authenticator.js'
import { ConsoleClient, approver } from '../../helpers/approvers.js'
import { runCli } from '../../helpers/cli.js'
import { loadSigningKey } from '../../../src/binding/index.js'
import { signedCall } from '../../helpers/sign.js'
import type { Annotation } from '../annotation.js'
import { opt } from '../annotation.js'
import type { Daemon } from '../daemons.js'
import type { Session } from '../session.js'

type Check = (session: Session, daemon: Daemon | undefined, a: Annotation) => Promise<void>

/** The passkey check=enrol made in a session, for check=approve. */
const passkeys = new WeakMap<Session, { origin: string; alice: ReturnType<typeof approver> }>()

export const CHECKS: Readonly<Record<string, Check>> = {
  /**
   * docs/approvals.md, as a person does it in a browser (tests/e2e/approvals-browser.test.ts does it in Chromium):
   * alice opens a link `verbatim approvers invite` made and creates a passkey. Needs `config=`, the gate's
   * verbatim.yaml. A software passkey stands in for hers; check=approve signs in with it.
   */
  enrol: async (session, _daemon, a) => {
    const config = resolve(session.dir, session.mapIn(required(a, 'config')))
    const r = await runCli(['approvers', 'invite', 'alice', '--config', config], { env: {} })
    if (r.code !== 0) throw new Error(`verbatim approvers invite: exit ${r.code}: ${r.err}`)
    const link = r.out.trim()
    const origin = new URL(link).origin
    const token = link.split('#')[1] ?? ''
    const alice = approver('alice', -7)
    const k = new ConsoleClient(origin)
    const o = await k.send('POST', '/api/enrol/options', { token })
    const done = await k.send('POST', '/api/enrol', { token, response: softRegistration(alice.cred, { challenge: String(o.json['challenge']), origin, rpId: new URL(origin).hostname }) })
    if (done.status !== 200) throw new Error(`enrolment: ${done.body}`)
    passkeys.set(session, { origin, alice })
  },
  /** docs/approvals.md: alice signs in to the console with the passkey check=enrol made, and approves the call waiting. */
  approve: async (session) => {
    const p = passkeys.get(session)
    if (p === undefined) throw new Error('check=approve needs check=enrol earlier in the session')
    const k = new ConsoleClient(p.origin)
    if ((await k.login(p.alice)).status !== 200) throw new Error('alice could not sign in')
    const id = /href="\/approvals\/([^"]+)"/.exec((await k.send('GET', '/')).body)?.[1]
    if (id === undefined) throw new Error('no call is waiting in the console')
    const d = await k.decide(id, 'approve', p.alice, 'deploy agreed')
    if (d.json['status'] !== 'approved') throw new Error(`approve: ${d.body}`)
  },
  /**
   * docs/guard.md, library use: a guard built from the example refills its replay store from the
   * executed log, so after a restart (1) a fresh call runs at once (no ERR_GUARD_BEFORE_START for
   * `skew` seconds) and (2) a call accepted before the restart is refused as a replay, not let
   * through. Needs `audience=` and `keys=DIR`, the gate key set the example trusts.
   */
  'guard-restart': async (session, d, a) => {
    if (d === undefined) throw new Error('check=guard-restart runs after a guard daemon block')
    const daemon = d
    const audience = required(a, 'audience')
    const keysDir = resolve(session.dir, required(a, 'keys'))
    const pem = readdirSync(keysDir).filter((n) => n.endsWith('.key.pem'))
    if (pem.length !== 1) throw new Error(`keys=${keysDir}: expected one *.key.pem, found ${pem.length}`)
    const key = await loadSigningKey(join(keysDir, pem[0] ?? ''))
    // The first start had a brand-new log: the restart rule applied. A restart finds this guard's earlier run.
    await session.restart(daemon.name)
    const call = signedCall(key, 'fs.read', '{"path":"/workspace/a.txt"}', { audience })
    const url = (): string => session.daemons.find((d) => d.name === daemon.name)?.url ?? ''
    const post = async (): Promise<{ status: number; code: string | undefined; receipt: string | null }> => {
      const r = await fetch(`${url()}${call.path}`, { method: 'POST', headers: call.headers, body: call.body })
      const body = (await r.json()) as { code?: string }
      return { status: r.status, code: body.code, receipt: r.headers.get('verbatim-receipt') }
    }
    const first = await post()
    if (first.status !== 200 || first.receipt === null) throw new Error(`a signed call right after a restart: expected 200 with a receipt, got ${first.status} ${first.code ?? ''}`)
    const again = await post()
    if (again.code !== 'ERR_GUARD_REPLAY') throw new Error(`the same call again: expected ERR_GUARD_REPLAY, got ${again.status} ${again.code ?? ''}`)
    await session.restart(daemon.name)
    const afterRestart = await post()
    if (afterRestart.code !== 'ERR_GUARD_REPLAY') {
      throw new Error(`the same call after another restart: expected ERR_GUARD_REPLAY (the store refilled from the log), got ${afterRestart.status} ${afterRestart.code ?? ''}`)
    }
  },
}

function required(a: Annotation, name: string): string {
  const v = opt(a, name)
  if (v === undefined) throw new Error(`this check needs ${name}=…`)
  return v
}

export async function runCheck(name: string, session: Session, daemon: Daemon | undefined, a: Annotation): Promise<void> {
  const check = Object.hasOwn(CHECKS, name) ? CHECKS[name] : undefined
  if (check === undefined) throw new Error(`unknown check '${name}' (known: ${Object.keys(CHECKS).join(', ')})`)
  await check(session, daemon, a)
}
