/** `npm start` (verbatim demo) end to end: the printed calls do what the banner says, and Ctrl-C cleans up. */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BIN, start } from './procs.js'

describe('e2e: npm start (verbatim demo)', () => {
  it('serves the allowed, denied and duplicate-key calls it prints, then stops on SIGINT and removes its files', async () => {
    const demo = start(BIN, ['demo', '--port', '0', '--executor-port', '0'])
    try {
      const out = (await demo.waitFor(/Ctrl-C stops everything/))[0]
      expect(out).toBeDefined()
      const text = demo.output()
      const gate = /gate (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1] ?? ''
      const token = /export TOKEN=(\S+)/.exec(text)?.[1] ?? ''
      const home = /(\/tmp\/verbatim-demo-[^/\s]+)/.exec(text)?.[1] ?? ''
      expect(text).toContain('DEMO KEY')
      const post = (body: string): Promise<Response> =>
        fetch(`${gate}/v1/tools/fs.read`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })
      const allowed = await post('{"path":"/workspace/README.md"}')
      expect(allowed.status).toBe(200)
      expect(((await allowed.json()) as { result: { content: string } }).result.content).toContain('demo workspace')
      const denied = await post('{"path":"/workspace/.env"}')
      expect(denied.status).toBe(403)
      expect(((await denied.json()) as { code: string }).code).toBe('ERR_POLICY_DENIED')
      const dup = await post('{"path":"/workspace/README.md","path":"/etc/passwd"}')
      expect(dup.status).toBe(400)
      expect(((await dup.json()) as { code: string }).code).toBe('ERR_CANONICAL_DUPLICATE_KEY')
      expect((await fetch(`${gate}/readyz`)).status).toBe(200)
      expect(home).not.toBe('')
      expect(existsSync(home)).toBe(true)
      expect(await demo.stop('SIGINT')).toBe(0)
      expect(existsSync(home)).toBe(false)
    } finally {
      await demo.stop('SIGKILL')
    }
  })
})
