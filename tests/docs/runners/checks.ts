/**
 * @module tests/docs/runners/checks: named scenarios a daemon block must pass (`check=NAME`), for claims the
 * doc makes in prose that no reader-visible command can show on its own.
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadSigningKey } from '../../../src/binding/index.js'
import { signedCall } from '../../helpers/sign.js'
import type { Annotation } from '../annotation.js'
import { opt } from '../annotation.js'
import type { Daemon } from '../daemons.js'
import type { Session } from '../session.js'

type Check = (session: Session, daemon: Daemon, a: Annotation) => Promise<void>

export const CHECKS: Readonly<Record<string, Check>> = {
  /**
   * docs/guard.md, library use: a guard built from the example refills its replay store from the
   * executed log, so after a restart (1) a fresh call runs at once (no ERR_GUARD_BEFORE_START for
   * `skew` seconds) and (2) a call accepted before the restart is refused as a replay, not let
   * through. Needs `audience=` and `keys=DIR`, the gate key set the example trusts.
   */
  'guard-restart': async (session, daemon, a) => {
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

export async function runCheck(name: string, session: Session, daemon: Daemon, a: Annotation): Promise<void> {
  const check = Object.hasOwn(CHECKS, name) ? CHECKS[name] : undefined
  if (check === undefined) throw new Error(`unknown check '${name}' (known: ${Object.keys(CHECKS).join(', ')})`)
  await check(session, daemon, a)
}
