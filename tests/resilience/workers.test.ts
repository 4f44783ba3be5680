/** `verbatim serve --workers 2`: two gates on one port, each with its own audit log and lock; both serve; a clean stop. */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRecords, verifyPath } from '../../src/audit/index.js'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { BIN, ROOT, start } from '../e2e/procs.js'

const TOKEN = 'workers-token-0123456789abcdef'

describe('serve --workers N', () => {
  it('runs N gates on one port, each with its own audit log, and stops them all with exit 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-workers-'))
    const { privatePath } = await writeKeyFiles(join(dir, 'keys'), await generateKeyPair())
    await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: ["*"] }\n')
    const upstream = start('node', [`${ROOT}tests/e2e/fixtures/recording-upstream.mjs`, join(dir, 'received.jsonl')])
    const port = (await upstream.waitFor(/listening (\d+)/))[1]
    await writeFile(join(dir, 'verbatim.yaml'), `listen: { host: 127.0.0.1, port: 0 }
policies: [p.yaml]
agents: [{ id: coder, token: { env: W_TOKEN } }]
upstreams: [{ name: rec, url: "http://127.0.0.1:${port}", audience: rec-1, guarded: false }]
routes: [{ tools: ["*"], upstream: rec }]
signing: { keyFile: ${JSON.stringify(privatePath)} }
audit: { dir: audit }
`)
    const gate = start(BIN, ['serve', '--config', join(dir, 'verbatim.yaml'), '--workers', '2'], { W_TOKEN: TOKEN })
    try {
      const url = (await gate.waitFor(/listening on (http:\/\/\S+) \(2 workers\)/))[1] ?? ''
      // Fresh connections, so the primary hands them to both workers in turn.
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) {
        const r = await fetch(`${url}/v1/tools/echo`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', connection: 'close' }, body: `{"n":${i}}` })
        statuses.push(r.status)
      }
      expect(statuses).toEqual(Array(12).fill(200))
      expect(await gate.stop('SIGTERM')).toBe(0)
    } finally {
      await gate.stop('SIGKILL')
      await upstream.stop()
    }
    const files = (await readdir(join(dir, 'audit'))).filter((f) => f.endsWith('.jsonl'))
    expect(new Set(files.map((f) => f.replace(/-\d+\.jsonl$/, '')))).toEqual(new Set(['gate.1', 'gate.2']))
    const reports = await verifyPath(join(dir, 'audit'))
    for (const r of reports.values()) expect(r.faults).toEqual([])
    const decided = (await readRecords(join(dir, 'audit'))).filter((r) => r.type === 'decision' && r.verdict === 'allow')
    expect(decided).toHaveLength(12)
  })
})
