import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditRecord } from '../../src/audit/index.js'
import { openAuditWriter, segmentName } from '../../src/audit/index.js'
import { LogFollower } from '../../src/auditor/index.js'
import { fakeClock, newSigner, tempDir } from '../audit/helpers.js'

describe('audit follow (tail --follow)', () => {
  it('reads everything once, then only what was appended, across a rotation, waiting out a line still being written', async () => {
    const dir = tempDir()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), now: fakeClock(), segmentMaxBytes: 900, checkpointEvery: 3 })
    await w.append('decision', { decisionId: 'a' })
    const f = new LogFollower(dir)
    const seen: unknown[] = []
    const poll = async (): Promise<unknown[]> => {
      const before = seen.length
      const faults = await f.poll((r: AuditRecord) => void seen.push(r['decisionId'] ?? r.type))
      expect(faults).toEqual([])
      return seen.slice(before)
    }
    expect(await poll()).toEqual(['start', 'a'])
    expect(await poll()).toEqual([])
    for (const id of ['b', 'c', 'd', 'e']) await w.append('decision', { decisionId: id })
    expect((await poll()).filter((x) => typeof x === 'string' && x.length === 1)).toEqual(['b', 'c', 'd', 'e'])
    await w.close()
    expect(await poll()).toEqual(['stop', 'checkpoint'])
  })

  it('reports a fault in appended records when it reads them', async () => {
    const dir = tempDir()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), now: fakeClock() })
    await w.close()
    const f = new LogFollower(dir)
    expect(await f.poll(() => undefined)).toEqual([])
    appendFileSync(join(dir, segmentName('gate', 0)), '{"not":"a record"}\n')
    expect((await f.poll(() => undefined)).map((x) => x.kind)).toEqual(['malformed'])
  })
})
