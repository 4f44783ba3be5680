import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditRecord, JsonValue } from '../../src/audit/index.js'
import { openAuditWriter, publicKeyEntry, segmentName } from '../../src/audit/index.js'
import { BOUND_FIELDS, CLASS_LEVEL, RECONCILE_CLASSES } from '../../src/auditor/index.js'
import { newSigner, tempDir } from './helpers.js'
import { NOW, T0, makeReconcilePair } from '../auditor/reconcile-fixture.js'
import { TAMPER_CLASSES, makeTamperSet, reforge } from './tamper.js'
import { runCli } from '../helpers/cli.js'
import type { Run } from '../helpers/cli.js'

const run = (...argv: string[]): Promise<Run> => runCli(['audit', ...argv])
// The fixture holds every violation but the approval classes (no person's approval is in it).
const VIOLATIONS = RECONCILE_CLASSES.filter((c) => CLASS_LEVEL[c] === 'violation' && !c.startsWith('approval-'))

const set = await makeTamperSet()
const pair = await makeReconcilePair()
const iso = new Date(NOW).toISOString()
const jwk = (s: { kid: string; privateKey: import('node:crypto').KeyObject }): string => {
  const p = join(tempDir(), `${s.kid}.jwk`)
  writeFileSync(p, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', ...publicKeyEntry(s.kid, s.privateKey) }))
  return p
}
const gateJwk = jwk(pair.gateSigner)
const guardJwk = jwk(pair.guardSigner)
const bindingJwks = join(tempDir(), 'gate-binding-jwks.json')
writeFileSync(bindingJwks, JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', kid: 'gate-k1', x: 'AAAA' }, { kty: 'OKP', crv: 'Ed25519', kid: 'gate-k2', x: 'BBBB' }] }))

/** Every FAILED line is followed by at least one `next` line. */
function saysWhatNext(text: string): void {
  const lines = text.split('\n')
  const at = lines.findIndex((l) => l.startsWith('FAILED'))
  expect(at).toBeGreaterThanOrEqual(0)
  expect(lines[at + 1]).toMatch(/^next( \([a-z-]+\))?: \S/)
}

/** A copy of a log directory with one line changed, as tampering leaves it. */
function tampered(dir: string, edit: (line: string, i: number) => string): string {
  const out = tempDir()
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    writeFileSync(join(out, f), readFileSync(join(dir, f), 'utf8').split('\n').map(edit).join('\n'))
  }
  return out
}

describe('verbatim audit verify', () => {
  it('exits 0 and says OK on an untouched log checked against the trusted key', async () => {
    const r = await run('verify', join(set.dir, 'clean.jsonl'), '--key', join(set.dir, 'trusted.jwk'), '--checkpoints', join(set.dir, 'checkpoints.jsonl'))
    expect(r.code).toBe(0)
    expect(r.out).toContain('OK: no faults in 1 log(s)')
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
    it(`names the ${cls} tampering with file and line, exits 1, and says what to do next`, async () => {
      const r = await run('verify', set.files[cls], '--key', join(set.dir, 'trusted.jwk'))
      expect(r.code).toBe(1)
      expect(r.out).toContain(`${expected[cls]}${set.files[cls]}:`)
      saysWhatNext(r.out)
      expect(r.out).toContain(`next (${expected[cls].slice(6).trim()}): `)
    })
  }

  it('verifies every path it is given: verify A B checks both', async () => {
    const r = await run('verify', pair.gateDir, pair.guardDir, '--json')
    const doc = JSON.parse(r.out) as { ok: boolean; logs: Record<string, { records: number }> }
    expect(Object.keys(doc.logs)).toEqual([pair.gateDir, pair.guardDir])
    expect(r.code).toBe(0)
    const bad = await run('verify', pair.gateDir, set.files['delete-line'])
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(new RegExp(`^${pair.gateDir}: `, 'm'))
    expect(bad.out).toContain('FAULT deleted')
  })

  it('takes --jwks as trust anchors like --key, and refuses a --jwks file that is not a JWK Set', async () => {
    const r = await run('verify', pair.gateDir, pair.guardDir, '--jwks', bindingJwks)
    expect(r.code).toBe(1)
    expect(r.out).toContain('FAULT untrusted-key')
    expect((await run('verify', pair.gateDir, '--jwks', gateJwk)).err).toContain('needs a JWK Set')
    expect((await run('verify', pair.gateDir, pair.guardDir, '--key', gateJwk, '--key', guardJwk)).code).toBe(0)
  })

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

  it('exits 2 with a clear error on a missing path, an empty folder, or a folder with no log', async () => {
    expect((await run('verify')).code).toBe(2)
    const missing = await run('verify', join(tempDir(), 'nope'))
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('no such file or directory')])
    const empty = await run('verify', tempDir())
    expect([empty.code, empty.err]).toEqual([2, expect.stringContaining('holds no audit log')])
    const other = tempDir()
    writeFileSync(join(other, 'notes.txt'), 'hello')
    expect((await run('verify', other)).code).toBe(2)
  })
})

describe('verbatim audit reconcile', () => {
  const both = ['--approved', pair.gateDir, '--executed', pair.guardDir, '--now', iso]

  it('prints a count per class and every offending pair naming its log, says what to do next, and exits 1', async () => {
    const r = await run('reconcile', ...both, '--grace', '60s')
    expect(r.code).toBe(1)
    // The approval classes need a person's signed approvals: tests/auditor/approvals.test.ts pins them on real logs.
    for (const c of RECONCILE_CLASSES) expect(r.out).toMatch(new RegExp(`^${c} +${c === 'ok' ? 3 : c.startsWith('approval-') ? 0 : 1}$`, 'm'))
    expect(r.out).toMatch(new RegExp(`^ {2}digest-mismatch +d-mismatch +\\[${pair.gateDir} seq \\d+, ${pair.guardDir} seq \\d+\\]`, 'm'))
    expect(r.out).toMatch(/^ {2}tool-mismatch +d-tool .* tool: approved fs\.read, executed fs\.write$/m)
    expect(r.out).toContain(`FAILED: ${VIOLATIONS.length} violation(s)`)
    saysWhatNext(r.out)
    for (const [, cls] of BOUND_FIELDS) expect(r.out).toContain(`next (${cls}): `)
    // Violations first, then what to account for.
    expect(r.out.indexOf('next (replayed)')).toBeLessThan(r.out.indexOf('next (executor-failed)'))
  })

  it('reports what the executor answered, lists the calls to account for, labels the gate\'s probes, and keeps all apart from violations', async () => {
    const r = await run('reconcile', ...both)
    expect(r.out).toContain('executor (accepted calls, from receipts): 3 succeeded, 0 answered 4xx, 1 failed, 1 without a recorded answer')
    expect(r.out).toContain('refused by the guard: 1 (ERR_GUARD_BEFORE_START 1); gate probes, refused as they must be: 1')
    expect(r.out).toContain('pending (no outcome recorded yet): 0; denied and not run: 1')
    expect(r.out).toMatch(/^to account for /m)
    expect(r.out).toMatch(/^ {2}executor-failed +d-failed +\[.*\] +accepted exactly as approved; the executor answered 500: /m)
    expect(r.out).toMatch(/^ {2}retry-risk +d-noreceipt +\[.*\] +accepted, and no receipt: it may have run/m)
  })

  it('gives the same counts as JSON, each call listed under its level', async () => {
    const r = await run('reconcile', ...both, '--json')
    const doc = JSON.parse(r.out) as { ok: boolean; verdict: string; counts: Record<string, number>; offending: unknown[]; accountFor: { class: string }[]; notRun: { class: string }[]; executor: Record<string, number>; probes: number }
    expect([doc.ok, doc.verdict]).toEqual([false, 'failed'])
    expect(doc.counts['replayed']).toBe(1)
    expect(doc.offending).toHaveLength(VIOLATIONS.length)
    expect(doc.accountFor.map((i) => i.class)).toEqual(['executor-failed', 'retry-risk'])
    expect(doc.notRun.map((i) => i.class).sort()).toEqual(['not-delivered', 'refused-by-guard'])
    expect(doc.executor).toEqual({ succeeded: 3, clientError: 0, failed: 1, noReceipt: 1 })
    expect(doc.probes).toBe(1)
  })

  it('exits 3, ATTENTION, when nothing ran unapproved but a call is to account for; 0 when only calls that never ran remain', async () => {
    const failed = await run('reconcile', ...both, '--decision', 'd-failed')
    expect(failed.code).toBe(3)
    expect(failed.out).toMatch(/^ATTENTION: everything executed was approved, exactly as approved; 1 approved call\(s\) to account for: 1 executor-failed$/m)
    expect(failed.out).toMatch(/^next \(executor-failed\): /m)
    const json = JSON.parse((await run('reconcile', ...both, '--decision', 'd-failed', '--json')).out) as { ok: boolean; verdict: string }
    expect([json.ok, json.verdict]).toEqual([false, 'attention'])
    const notRun = await run('reconcile', ...both, '--decision', 'd-refused,d-undelivered')
    expect(notRun.code).toBe(0)
    expect(notRun.out).toMatch(/^refused-by-guard +1$/m)
    expect(notRun.out).toMatch(/^not-delivered +1$/m)
    expect(notRun.out).toContain('OK: everything executed was approved, exactly as approved')
  })

  it('answers one agent\'s question with filters: what it ran since a time, and whether each was approved', async () => {
    const r = await run('reconcile', ...both, '--agent', 'agent-2', '--since', new Date(T0 + 4000).toISOString(), '--json')
    const doc = JSON.parse(r.out) as { ok: boolean; counts: Record<string, number> }
    expect(doc.counts['ok']).toBe(1)
    expect(doc.ok).toBe(true)
    expect(r.code).toBe(0)
    const rel = await run('reconcile', ...both, '--tool', 'fs.*', '--since', '3h', '--now', new Date(T0 + 3 * 3_600_000).toISOString(), '--json')
    expect((JSON.parse(rel.out) as { counts: Record<string, number> }).counts['ok']).toBe(2)
  })

  it('exits 0 when everything executed was approved, exactly, and answered as its agent was told', async () => {
    const { readRecords } = await import('../../src/audit/index.js')
    const copy = async (from: string, process: string, startFields: Record<string, JsonValue>): Promise<string> => {
      const dir = tempDir()
      const records = (await readRecords(from)).filter((r) => r['decisionId'] === 'd-ok')
      const w = await openAuditWriter({ dir, process, signer: newSigner(), now: () => T0 + 1000, startFields })
      for (const r of records) {
        const { v: _v, seq: _s, ts: _t, type, prev: _p, hash: _h, ...fields } = r
        await w.append(type, fields)
      }
      await w.close()
      return dir
    }
    const gate = await copy(pair.gateDir, 'gate', { keys: [{ kid: 'gate-k1', x: 'AAAA' }], policyDigest: 'p'.repeat(64) })
    const guard = await copy(pair.guardDir, 'guard', { audience: 'exec-1' })
    const r = await run('reconcile', '--approved', gate, '--executed', guard, '--now', new Date(T0 + 2000).toISOString())
    expect(r.out).toMatch(/^ok +1$/m)
    expect(r.out).toContain('OK: everything executed was approved, exactly as approved')
    expect(r.code).toBe(0)
  })

  it('takes --key and --jwks: a gate log re-signed with another key cannot hide an unapproved execution', async () => {
    // The attacker appends an approval for d-nowhere to the gate log and re-signs it with a key of their own.
    const seg = join(pair.gateDir, segmentName('gate', 0))
    const records = readFileSync(seg, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as AuditRecord)
    const fake = { ...(records.find((r) => r['decisionId'] === 'd-ok') as AuditRecord), decisionId: 'd-nowhere', digest: '3'.repeat(64), nonce: 'n-d-nowhere' }
    const forged = [...records.slice(0, 3), fake, ...records.slice(3)].map((r, i) => ({ ...r, seq: i }))
    const attacker = newSigner('audit-gate')
    const dir = tempDir()
    writeFileSync(join(dir, segmentName('gate', 0)), reforge(forged, attacker.kid, attacker.privateKey, true))
    const naive = await run('reconcile', '--approved', dir, '--executed', pair.guardDir, '--now', iso, '--json')
    expect((JSON.parse(naive.out) as { counts: Record<string, number> }).counts['executed-without-approval']).toBe(0)
    const anchored = await run('reconcile', '--approved', dir, '--executed', pair.guardDir, '--now', iso, '--key', gateJwk, '--key', guardJwk, '--jwks', bindingJwks)
    expect(anchored.code).toBe(1)
    expect(anchored.out).toMatch(new RegExp(`^integrity: approved ${dir}: \\d+ records, \\d+ fault\\(s\\) \\(untrusted-key`, 'm'))
    expect(anchored.out).toContain('next (untrusted-key): ')
  })

  it('refuses wrong arguments with a clear error and exit 2: swapped, empty, no log, missing', async () => {
    const swapped = await run('reconcile', '--approved', pair.guardDir, '--executed', pair.gateDir)
    expect([swapped.code, swapped.out]).toEqual([2, ''])
    expect(swapped.err).toContain('look swapped')
    const twice = await run('reconcile', '--approved', pair.guardDir, '--executed', pair.guardDir)
    expect([twice.code, twice.err]).toEqual([2, expect.stringContaining(`--approved ${pair.guardDir} holds a guard's executed log`)])
    const empty = await run('reconcile', '--approved', tempDir(), '--executed', pair.guardDir)
    expect([empty.code, empty.err]).toEqual([2, expect.stringContaining('holds no audit log')])
    const emptySegments = tempDir()
    writeFileSync(join(emptySegments, segmentName('gate', 0)), '')
    expect((await run('reconcile', '--approved', emptySegments, '--executed', pair.guardDir)).err).toContain('holds no records')
    expect((await run('reconcile', '--approved', pair.gateDir)).code).toBe(2)
    expect((await run('reconcile', '--approved', pair.gateDir, '--executed', join(tempDir(), 'missing'))).code).toBe(2)
  })

  it('names the replica log of every finding when guards write one log each', async () => {
    const a = tempDir()
    const b = tempDir()
    copyFileSync(join(pair.guardDir, segmentName('guard', 0)), join(a, segmentName('guard', 0)))
    copyFileSync(join(pair.guardDir, segmentName('guard', 0)), join(b, segmentName('guard', 0)))
    const r = await run('reconcile', '--approved', pair.gateDir, '--executed', a, '--executed', b, '--now', iso, '--json')
    const doc = JSON.parse(r.out) as { offending: { class: string; decisionId: string; executed: { log: string } | null }[] }
    // Every call ran on both replicas: the second run of each is a replay, in replica b.
    const replays = doc.offending.filter((i) => i.class === 'replayed')
    expect(replays.length).toBeGreaterThan(5)
    for (const id of ['d-ok', 'd-failed', 'd-other']) expect(replays.filter((i) => i.decisionId === id).map((i) => i.executed?.log)).toEqual([b])
    expect(doc.offending.find((i) => i.decisionId === 'd-tool')?.executed?.log).toBe(a)
  })
})

describe('verbatim audit tail and export', () => {
  it('shows the last records readably', async () => {
    const r = await run('tail', pair.gateDir, '-n', '3')
    expect(r.code).toBe(0)
    const lines = r.out.trim().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^2026-01-01T00:00:00\.000Z {2}#\d+ +forward +decisionId=d-failed status=500 /)
    expect(lines[2]).toMatch(/checkpoint +size=/)
  })

  it('labels the gate\'s probes as probes', async () => {
    const r = await run('tail', pair.guardDir, '--decision', 'probe-abc')
    expect(r.out.trim()).toMatch(/refusal +decisionId=probe-abc code=ERR_GUARD_DIGEST_MISMATCH .* \(gate probe\)$/)
  })

  it('filters on every field: agent, tool, time, verdict, code, decision; a record without one takes its decision\'s', async () => {
    const ids = async (...argv: string[]): Promise<unknown[]> =>
      (await run('export', ...argv, '--format', 'jsonl')).out.trim().split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as AuditRecord)['decisionId'])
    expect(await ids(pair.gateDir, '--agent', 'agent-2')).toEqual(['d-other', 'd-denied-only'])
    expect(await ids(pair.gateDir, '--verdict', 'deny')).toEqual(['d-deny', 'd-denied-only'])
    expect(await ids(pair.gateDir, '--code', 'ERR_POLICY_NO_MATCH')).toEqual(['d-denied-only'])
    expect(await ids(pair.guardDir, '--tool', 'http.*')).toEqual(['d-other', 'd-other'])
    expect(await ids(pair.guardDir, '--decision', 'd-failed')).toEqual(['d-failed', 'd-failed'])
    expect(await ids(pair.guardDir, '--since', new Date(T0 + 4000).toISOString(), '--until', new Date(T0 + 6000).toISOString(), '--type', 'execution,receipt')).toEqual(['d-other', 'd-other'])
    // The receipt of d-failed has no agent of its own: it takes the execution's.
    expect(await ids(pair.gateDir, pair.guardDir, '--decision', 'd-deny', '--verdict', 'deny')).toEqual(['d-deny', 'd-deny'])
    expect((await run('tail', pair.gateDir, '--verdict', 'maybe')).code).toBe(2)
  })

  it('warns and exits 1 when it passes over records that do not verify, and says what to do next', async () => {
    const bad = tampered(pair.gateDir, (l) => l.replace('"d-deny"', '"d-dent"'))
    for (const cmd of [['tail', bad], ['export', bad, '--format', 'jsonl']]) {
      const r = await run(...cmd)
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/^WARNING: 1 fault\(s\) in what was read/)
      expect(r.err).toContain('FAULT modified')
      saysWhatNext(r.err)
      expect(r.out).not.toBe('')
    }
  })

  it('exports CSV with one header and one row per record', async () => {
    const r = await run('export', pair.guardDir, '--format', 'csv', '--type', 'execution')
    const rows = r.out.trim().split('\r\n')
    expect(rows[0]).toBe('seq,time,type,decisionId,agent,tool,method,target,verdict,code,status,digest,keyid,policyDigest,latencyMs,hash,extra')
    expect(rows).toHaveLength(1 + 19) // the refused call and the probe are refusal records
    expect(rows[1]).toMatch(/^2,2026-01-01T00:00:01\.000Z,execution,d-ok,agent-1,fs\.read,POST,\/v1\/tools\/fs\.read,,,accepted,/)
    expect(r.code).toBe(0)
  })

  it('exports JSON exactly as JSON.stringify would, and to a file', async () => {
    const r = await run('export', pair.gateDir, '--json', '--type', 'decision')
    const records = JSON.parse(r.out) as AuditRecord[]
    expect(r.out).toBe(JSON.stringify(records, null, 2) + '\n')
    expect(records).toHaveLength(21)
    const out = join(tempDir(), 'sub', 'x.json')
    const w = await run('export', pair.gateDir, '--format', 'json', '--decision', 'none-such', '--out', out)
    expect(readFileSync(out, 'utf8')).toBe('[]\n')
    expect(w.err).toBe(`wrote 0 record(s) to ${out}\n`)
  })

  it('exports checkpoint lines that verify accepts as off-host checkpoints', async () => {
    const dir = tempDir()
    mkdirSync(dir, { recursive: true })
    const out = join(dir, 'cps.jsonl')
    expect((await run('export', join(set.dir, 'clean.jsonl'), '--format', 'jsonl', '--type', 'checkpoint', '--out', out)).code).toBe(0)
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3)
    expect((await run('verify', join(set.dir, 'clean.jsonl'), '--checkpoints', out)).code).toBe(0)
  })

  it('rejects an unknown format with exit 2', async () => {
    expect((await run('export', pair.guardDir, '--format', 'xml')).code).toBe(2)
  })
})
