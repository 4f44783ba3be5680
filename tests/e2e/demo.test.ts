/**
 * `npm start` (verbatim demo) end to end: every command the banner prints works pasted alone, in a
 * fresh shell from the package directory (issue 18 item 5), and does what its comment says; Ctrl-C
 * cleans up.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { BIN, ROOT, start } from './procs.js'

const execFileP = promisify(execFile)

/** Runs one pasted line in a new bash, with nothing of the banner's other lines (no TOKEN variable). */
async function paste(line: string): Promise<{ code: number; out: string }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' }
  return execFileP('bash', ['-c', line], { cwd: ROOT, env }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  )
}

/** The commands of the banner, each with the comment above it. */
function commands(banner: string): { comment: string; line: string }[] {
  const out: { comment: string; line: string }[] = []
  let comment = ''
  for (const l of banner.split('\n').map((x) => x.trim())) {
    if (l.startsWith('# ')) comment = l
    else if (/^(curl|echo|bin\/verbatim) /.test(l)) out.push({ comment, line: l })
  }
  return out
}

describe('e2e: npm start (verbatim demo)', () => {
  it('prints commands that each work pasted alone, then stops on SIGINT and removes its files', async () => {
    const demo = start(BIN, ['demo', '--port', '0', '--executor-port', '0'])
    try {
      await demo.waitFor(/Ctrl-C stops everything/)
      const text = demo.output()
      const gate = /gate (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1] ?? ''
      const home = /(\/tmp\/verbatim-demo-[^/\s]+)/.exec(text)?.[1] ?? ''
      expect(text).toContain('DEMO KEY')
      // It starts clean: no policy warnings (before: four, for tools the example executor does not serve).
      expect(text).not.toMatch(/warning/i)
      const cmds = commands(text)
      const curls = cmds.filter((c) => c.line.startsWith('curl '))
      // Before: every curl line read $TOKEN, which only the banner's `export TOKEN=` line set: pasted
      // alone, each got 401 ERR_INTAKE_UNAUTHENTICATED.
      expect(curls.map((c) => c.line.includes('$TOKEN'))).toEqual([false, false, false])
      const status = async (line: string): Promise<{ status: number; body: string }> => {
        const { code, out } = await paste(line)
        expect(code).toBe(0)
        const [head = '', body = ''] = out.split(/\r\n\r\n/)
        return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body }
      }
      const [allowed, denied, dup] = await Promise.all(curls.map((c) => status(c.line)))
      expect(allowed?.status).toBe(200)
      expect((JSON.parse(allowed?.body ?? '{}') as { result: { content: string } }).result.content).toContain('demo workspace')
      expect([denied?.status, (JSON.parse(denied?.body ?? '{}') as { code: string }).code]).toEqual([403, 'ERR_POLICY_DENIED'])
      expect([dup?.status, (JSON.parse(dup?.body ?? '{}') as { code: string }).code]).toEqual([400, 'ERR_CANONICAL_DUPLICATE_KEY'])
      expect(curls.map((c) => /\((\d{3})[ )]/.exec(c.comment)?.[1])).toEqual(['200', '403', '400'])

      const canonical = cmds.find((c) => c.line.includes('canonical -'))
      expect(await paste(canonical?.line ?? 'false')).toEqual({ code: 0, out: '{"path":"/workspace/README.md"}' })
      for (const c of cmds.filter((x) => x.line.startsWith('bin/verbatim audit'))) {
        const r = await paste(c.line)
        expect(r.code, `${c.line}\n${r.out}`).toBe(0)
      }
      expect(cmds.filter((x) => x.line.startsWith('bin/verbatim audit')).length).toBe(2)
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
