import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { openAuditWriter } from '../../src/audit/index.js'
import { main } from '../../src/cli/main.js'
import { tempDir, newSigner } from './helpers.js'
import { NOW, T0, makeReconcilePair } from './reconcile-fixture.js'
import { TAMPER_CLASSES, makeTamperSet } from './tamper.js'

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const chunks: [Buffer[], Buffer[]] = [[], []]
  stdout.on('data', (c: Buffer) => chunks[0].push(c))
  stderr.on('data', (c: Buffer) => chunks[1].push(c))
  const code = await main(['audit', ...argv], { stdout, stderr, stdin: new PassThrough(), env: {} })
  return { code, out: Buffer.concat(chunks[0]).toString(), err: Buffer.concat(chunks[1]).toString() }
}

const set = await makeTamperSet()
const pair = await makeReconcilePair()
const iso = new Date(NOW).toISOString()

describe('verbatim audit verify', () => {
  it('exits 0 and says OK on an untouched log checked against the trusted key', async () => {
    const r = await run('verify', join(set.dir, 'clean.jsonl'), '--key', join(set.dir, 'trusted.jwk'), '--checkpoints', join(set.dir, 'checkpoints.jsonl'))
    expect(r.code).toBe(0)
    expect(r.out).toContain('OK: no faults')
  })

  const expected: Record<(typeof TAMPER_CLASSES)[number], string> = {
    'edit-byte': 'FAULT modified       ',
    'delete-line': 'FAULT deleted        ',
    'swap-lines': 'FAULT reordered      ',
    'truncate-after-checkpoint': 'FAULT truncated      ',
    'resigned-wrong-key': 'FAULT bad-signature  ',
    'reforged-with-own-key': 'FAULT untrusted-key  ',
  }
  for (const cls of TAMPER_CLASSES) {
    it(`names the ${cls} tampering with file and line, and exits 1`, async () => {
      const r = await run('verify', set.files[cls], '--key', join(set.dir, 'trusted.jwk'))
      expect(r.code).toBe(1)
      expect(r.out).toContain(`${expected[cls]}${set.files[cls]}:`)
      expect(r.out).toContain('FAILED')
    })
  }

  it('reports faults as JSON with --json', async () => {
    const r = await run('verify', set.files['delete-line'], '--json')
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.out) as { ok: boolean; logs: Record<string, { faults: { kind: string; line: number; seq: number }[] }> }
    expect(doc.ok).toBe(false)
    expect(Object.values(doc.logs)[0]?.faults).toEqual([expect.objectContaining({ kind: 'deleted', line: 3, seq: 3 })])
  })

  it('accepts an open tail with --live, and still fails it against an off-host checkpoint', async () => {
    const f = set.files['truncate-after-checkpoint']
    expect((await run('verify', f, '--live')).code).toBe(0)
    const r = await run('verify', f, '--live', '--checkpoints', join(set.dir, 'checkpoints.jsonl'))
    expect(r.code).toBe(1)
    expect(r.out).toContain('holds only 5')
  })

  it('exits 2 on a missing path argument', async () => {
    expect((await run('verify')).code).toBe(2)
  })
})

describe('verbatim audit reconcile', () => {
  it('prints a count per class and every offending pair, and exits 1', async () => {
    const r = await run('reconcile', '--approved', pair.gateDir, '--executed', pair.guardDir, '--grace', '60s', '--now', iso)
    expect(r.code).toBe(1)
    for (const [cls, n] of [['ok', 2], ['approved-not-executed', 1], ['executed-without-approval', 1], ['executed-after-deny', 1], ['digest-mismatch', 1], ['replayed', 1], ['executed-after-expiry', 1], ['unknown-key', 1]] as const) {
      expect(r.out).toMatch(new RegExp(`^${cls} +${n}$`, 'm'))
    }
    expect(r.out).toMatch(/^ {2}digest-mismatch +d-mismatch /m)
    expect(r.out).toContain('FAILED: 7 violation(s)')
  })

  it('gives the same counts as JSON', async () => {
    const r = await run('reconcile', '--approved', pair.gateDir, '--executed', pair.guardDir, '--now', iso, '--json')
    const doc = JSON.parse(r.out) as { ok: boolean; counts: Record<string, number>; offending: unknown[] }
    expect(doc.ok).toBe(false)
    expect(doc.counts['replayed']).toBe(1)
    expect(doc.offending).toHaveLength(7)
  })

  it('exits 0 when everything executed was approved', async () => {
    const dir = tempDir()
    const w = await openAuditWriter({ dir, process: 'guard', signer: newSigner(), now: () => T0 + 1000 })
    await w.append('execution', { decisionId: 'd-ok', digest: 'a'.repeat(64), keyid: 'gate-k1', status: 'accepted' })
    await w.close()
    const r = await run('reconcile', '--approved', pair.gateDir, '--executed', dir, '--now', new Date(T0 + 2000).toISOString())
    expect(r.out).toMatch(/^ok +1$/m)
    expect(r.code).toBe(0)
  })

  it('exits 2 without --approved and --executed', async () => {
    expect((await run('reconcile', '--approved', pair.gateDir)).code).toBe(2)
  })
})

describe('verbatim audit tail and export', () => {
  it('shows the last records readably', async () => {
    const r = await run('tail', pair.gateDir, '-n', '3')
    expect(r.code).toBe(0)
    const lines = r.out.trim().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^2026-01-01T00:00:00\.000Z {2}#\d+ +decision +decisionId=d-pending verdict=allow/)
    expect(lines[2]).toMatch(/checkpoint +size=/)
  })

  it('exports CSV with one header and one row per record', async () => {
    const r = await run('export', pair.guardDir, '--format', 'csv', '--type', 'execution')
    const rows = r.out.trim().split('\r\n')
    expect(rows[0]).toBe('seq,time,type,decisionId,agent,tool,method,target,verdict,code,status,digest,keyid,policyDigest,latencyMs,hash,extra')
    expect(rows).toHaveLength(9) // header + 8 executions (the refused one is a refusal record)
    expect(rows[1]).toMatch(/^1,2026-01-01T00:00:01\.000Z,execution,d-ok,agent-1,fs\.read,,,,,accepted,/)
  })

  it('exports checkpoint lines that verify accepts as off-host checkpoints', async () => {
    const out = join(tempDir(), 'cps.jsonl')
    expect((await run('export', join(set.dir, 'clean.jsonl'), '--format', 'jsonl', '--type', 'checkpoint', '--out', out)).code).toBe(0)
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3)
    expect((await run('verify', join(set.dir, 'clean.jsonl'), '--checkpoints', out)).code).toBe(0)
  })

  it('rejects an unknown format with exit 2', async () => {
    expect((await run('export', pair.guardDir, '--format', 'xml')).code).toBe(2)
  })
})
