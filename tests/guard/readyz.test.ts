/**
 * The standalone guard's /readyz says until when it refuses fresh bindings (the restart rule on a new
 * log): in its body (`readyAt`) and as Retry-After, so that whatever waits for it (compose, a
 * readiness probe, the gate) knows when to look again. The clock is injected.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateKeyPair, jwks } from '../../src/binding/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import { startRecordingExecutor } from '../helpers/recording-executor.js'

describe('guard /readyz in the restart window', () => {
  it('is 503 with readyAt and a Retry-After until the window ends, then 200', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-readyz-'))
    await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([await generateKeyPair()])))
    const executor = await startRecordingExecutor()
    let now = 1_700_000_000_500
    const g = await startGuard(checkGuardConfig({
      listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'jwks.json') }, audit: { dir: join(dir, 'executed') }, executor: { http: executor.url }, skewSeconds: 30,
    }), { log: () => undefined, clock: () => now })
    try {
      const at = new Date((1_700_000_000 + 31) * 1000).toISOString()
      expect(g.readyAt).toBe(Date.parse(at))
      const r = await fetch(`${g.url}/readyz`)
      const body = (await r.json()) as { ok: boolean; reasons: string[]; readyAt?: string }
      expect([r.status, r.headers.get('retry-after'), body.ok, body.readyAt]).toEqual([503, '31', false, at])
      expect(body.reasons).toEqual([`restart rule: bindings created before ${at} are refused (the replay store was not refilled from an earlier run)`])
      now = Date.parse(at)
      const after = await fetch(`${g.url}/readyz`)
      expect([after.status, after.headers.get('retry-after'), await after.json()]).toEqual([200, null, { ok: true, reasons: [] }])
    } finally {
      await g.close()
      executor.close()
    }
  })
})
