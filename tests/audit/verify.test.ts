import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { AuditRecord } from '../../src/audit/index.js'
import { verifyLog } from '../../src/audit/index.js'
import { makeTamperSet } from './tamper.js'

const set = await makeTamperSet()
const file = (p: string): { name: string; text: string } => ({ name: p, text: readFileSync(p, 'utf8') })
const kinds = (r: { faults: { kind: string }[] }): string[] => r.faults.map((f) => f.kind)

describe('audit verify: tamper classes', () => {
  it('passes the untouched log', () => {
    const r = verifyLog([{ name: 'clean.jsonl', text: set.clean }], { trustedKeys: [set.trusted] })
    expect(r.faults).toEqual([])
    expect(r.records).toBe(15)
    expect(r.checkpoints).toBe(3)
    expect(r.unsignedTail).toBe(0)
  })

  it('names an edited byte as a modified record, with file, line and seq', () => {
    const r = verifyLog([file(set.files['edit-byte'])])
    expect(r.faults).toEqual([expect.objectContaining({ file: set.files['edit-byte'], line: 3, seq: 2, kind: 'modified' })])
  })

  it('names a deleted line, with the missing seq', () => {
    const r = verifyLog([file(set.files['delete-line'])])
    expect(r.faults).toEqual([expect.objectContaining({ line: 3, seq: 3, kind: 'deleted' })])
    expect(r.faults[0]?.message).toContain('seq 2..2')
  })

  it('names two swapped lines as reordered', () => {
    const r = verifyLog([file(set.files['swap-lines'])])
    expect(r.faults).toEqual([
      expect.objectContaining({ line: 3, seq: 3, kind: 'reordered' }),
      expect.objectContaining({ line: 4, seq: 2, kind: 'reordered' }),
    ])
  })

  it('names a tail cut after a checkpoint as truncated', () => {
    const r = verifyLog([file(set.files['truncate-after-checkpoint'])])
    expect(kinds(r)).toEqual(['truncated'])
    expect(r.faults[0]?.seq).toBe(4)
  })

  it('proves the cut against an off-host checkpoint', () => {
    const cp = JSON.parse(set.offHostCheckpoint) as AuditRecord
    const r = verifyLog([file(set.files['truncate-after-checkpoint'])], { live: true, checkpoints: [cp] })
    expect(r.faults).toEqual([expect.objectContaining({ kind: 'truncated', message: expect.stringContaining('holds only 5') })])
  })

  it('names checkpoints re-signed with a wrong key, against the key in the start record', () => {
    const r = verifyLog([file(set.files['resigned-wrong-key'])])
    expect(kinds(r)).toEqual(['bad-signature', 'bad-signature', 'bad-signature'])
  })

  it('cannot see a fully re-forged log without a trusted key (the documented limit)', () => {
    expect(verifyLog([file(set.files['reforged-with-own-key'])]).faults).toEqual([])
  })

  it('names a fully re-forged log when the trusted key is given', () => {
    const r = verifyLog([file(set.files['reforged-with-own-key'])], { trustedKeys: [set.trusted] })
    expect(kinds(r)).toEqual(['untrusted-key', 'bad-signature', 'bad-signature', 'bad-signature'])
  })

  it('names a fully re-forged log against an off-host checkpoint', () => {
    const cp = JSON.parse(set.offHostCheckpoint) as AuditRecord
    const r = verifyLog([file(set.files['reforged-with-own-key'])], { checkpoints: [cp] })
    expect(kinds(r)).toContain('root-mismatch')
  })

  it('names a line that is not JSON as malformed', () => {
    const text = set.clean.replace(/\n/, '\n{not json\n')
    expect(kinds(verifyLog([{ name: 'x', text }]))).toContain('malformed')
  })

  it('names a torn last line as truncated', () => {
    const text = set.clean.slice(0, -20)
    expect(kinds(verifyLog([{ name: 'x', text }]))).toEqual(['truncated', 'truncated'])
  })

  it('names a duplicated line', () => {
    const ls = set.clean.split('\n')
    const text = [...ls.slice(0, 3), ls[2], ...ls.slice(3)].join('\n')
    expect(kinds(verifyLog([{ name: 'x', text }]))).toEqual(['duplicated'])
  })

  it('names a forged line with an enormous seq as deleted records, without trying to hold them', async () => {
    const { buildRecord } = await import('../../src/audit/index.js')
    const ls = set.clean.split('\n')
    const far = buildRecord(10 ** 12, 1, 'decision', '0'.repeat(64), { decisionId: 'far' }).line.trimEnd()
    const text = [...ls.slice(0, 3), far, ...ls.slice(3)].join('\n')
    expect(kinds(verifyLog([{ name: 'x', text }]))).toContain('reordered')
  })
})
