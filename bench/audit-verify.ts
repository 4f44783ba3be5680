/** @module bench/audit-verify: writes a million-record gate log and guard log, then times verify, reconcile and writer start-up. */
import { generateKeyPairSync } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JsonValue } from '../src/audit/index.js'
import { GENESIS_HASH, MerkleFrontier, buildRecord, openAuditWriter, publicKeyEntry, scanLog, segmentName, signCheckpoint, snapshotPath } from '../src/audit/index.js'
import { reconcilePaths } from '../src/auditor/index.js'

const RECORDS = Number(process.env['BENCH_AUDIT_RECORDS'] ?? 1_000_000)
const SEGMENT_BYTES = 64 * 1024 * 1024
const T0 = Date.UTC(2026, 0, 1)

/** Writes a log as the writer lays it out (checkpoint every 1000 records, 64 MiB segments, stop + checkpoint), without fsync. */
function writeLog(dir: string, origin: string, n: number, key: KeyObject, fieldsAt: (i: number) => { type: 'decision' | 'forward' | 'execution' | 'receipt'; fields: Record<string, JsonValue> }, start: Record<string, JsonValue>): void {
  mkdirSync(dir, { recursive: true })
  const frontier = new MerkleFrontier()
  let prev = GENESIS_HASH
  let seq = 0
  let fd = openSync(join(dir, segmentName(origin, 0)), 'w')
  let bytes = 0
  let buf: string[] = []
  let pending = 0
  const flush = (): void => {
    if (buf.length === 0) return
    writeSync(fd, buf.join(''))
    buf = []
    pending = 0
  }
  const put = (type: Parameters<typeof buildRecord>[2], fields: Record<string, JsonValue>): void => {
    const b = buildRecord(seq, T0 + seq, type, prev, fields)
    buf.push(b.line)
    pending += b.line.length
    bytes += b.line.length
    prev = b.hash
    frontier.push(b.hash)
    seq++
    if (pending > 4 * 1024 * 1024) flush()
  }
  const checkpoint = (): void => {
    put('checkpoint', signCheckpoint({ origin, size: seq, root: frontier.root(), kid: 'bench' }, key))
    if (bytes >= SEGMENT_BYTES) {
      flush()
      fsyncSync(fd)
      closeSync(fd)
      fd = openSync(join(dir, segmentName(origin, seq)), 'w')
      bytes = 0
    }
  }
  const pk = publicKeyEntry('bench', key)
  put('start', { ...start, origin, pid: 1, signer: { kid: pk.kid, x: pk.x } })
  for (let i = 0; seq < n - 2; i++) {
    const { type, fields } = fieldsAt(i)
    put(type, fields)
    if (seq % 1000 === 999) checkpoint()
  }
  put('stop', {})
  checkpoint()
  flush()
  // Written back before anything is timed: the timings are of reading, not of the kernel's writeback.
  fsyncSync(fd)
  closeSync(fd)
}

const S = T0 / 1000
const id = (i: number): string => `01J${String(Math.floor(i / 2)).padStart(23, '0')}`
const digest = (i: number): string => (Math.floor(i / 2) % 997).toString(16).padStart(64, 'a')
const decision = (i: number): Record<string, JsonValue> => ({
  decisionId: id(i), agent: `agent-${Math.floor(i / 2) % 50}`, tool: 'fs.read', method: 'POST', target: '/v1/tools/fs.read', policyDigest: 'b'.repeat(64),
  ruleIds: ['fs-read-workspace'], reason: 'allowed by rule fs-read-workspace', verdict: 'allow', digest: digest(i), keyid: 'gate-k1',
  nonce: `n${String(Math.floor(i / 2)).padStart(21, '0')}`, created: S, expires: S + 86_400, audience: 'sandbox-1',
  arguments: { path: `/workspace/src/file-${Math.floor(i / 2)}.ts` },
})

function time<T>(label: string, records: number, f: () => Promise<T>): Promise<T> {
  const t = performance.now()
  const cpu = process.cpuUsage()
  return f().then((v) => {
    const s = (performance.now() - t) / 1000
    const c = process.cpuUsage(cpu)
    console.log(`${label.padEnd(56)} ${s.toFixed(2).padStart(7)} s  ${((c.user + c.system) / 1e6).toFixed(2).padStart(7)} s cpu  ${Math.round(records / s).toLocaleString('en-US').padStart(10)} records/s`)
    return v
  })
}

async function main(): Promise<void> {
  const base = process.env['BENCH_AUDIT_DIR'] ?? (process.platform === 'linux' ? '/var/tmp' : tmpdir())
  const root = mkdtempSync(join(base, 'verbatim-bench-verify-'))
  const { privateKey } = generateKeyPairSync('ed25519')
  try {
    const t = performance.now()
    const gate = join(root, 'gate')
    const guard = join(root, 'guard')
    const small = join(root, 'gate-small')
    writeLog(gate, 'gate', RECORDS, privateKey, (i) => (i % 2 === 0
      ? { type: 'decision', fields: decision(i) }
      : { type: 'forward', fields: { decisionId: id(i), status: 200, latencyMs: 3 } }), { keys: [{ kid: 'gate-k1', x: 'AAAA' }], policyDigest: 'b'.repeat(64) })
    writeLog(guard, 'guard', RECORDS, privateKey, (i) => {
      const d = decision(i)
      return i % 2 === 0
        ? { type: 'execution', fields: { decisionId: d['decisionId'] as string, agent: d['agent'] as string, tool: 'fs.read', audience: 'sandbox-1', policyDigest: 'b'.repeat(64), method: 'POST', target: '/v1/tools/fs.read', digest: d['digest'] as string, keyid: 'gate-k1', nonce: d['nonce'] as string, created: S, expires: S + 86_400, status: 'accepted' } }
        : { type: 'receipt', fields: { decisionId: d['decisionId'] as string, digest: d['digest'] as string, status: 200, receipt: 'r'.repeat(120) } }
    }, { keys: [{ kid: 'guard-k1', x: 'BBBB' }], audience: 'sandbox-1' })
    writeLog(small, 'gate', RECORDS / 10, privateKey, (i) => (i % 2 === 0 ? { type: 'decision', fields: decision(i) } : { type: 'forward', fields: { decisionId: id(i), status: 200, latencyMs: 3 } }), { keys: [{ kid: 'gate-k1', x: 'AAAA' }] })
    const segs = (await snapshotPath(gate))[0]?.segments ?? []
    const size = segs.reduce((n, s) => n + s.size, 0)
    console.log(`audit verify/reconcile benchmark: node ${process.version}, dir ${base}`)
    console.log(`generated 2 × ${RECORDS.toLocaleString('en-US')} records (gate log ${(size / 2 ** 20).toFixed(0)} MiB in ${segs.length} segments) in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    const verify = async (dir: string): Promise<void> => {
      for (const log of await snapshotPath(dir)) {
        const r = await scanLog(log, {})
        if (r.faults.length > 0) throw new Error(`bench log does not verify: ${r.faults[0]?.message}`)
      }
    }
    await time(`verify ${(RECORDS / 10).toLocaleString('en-US')} records`, RECORDS / 10, () => verify(small))
    await time(`verify ${RECORDS.toLocaleString('en-US')} records`, RECORDS, () => verify(gate))
    const run = await time(`reconcile ${RECORDS.toLocaleString('en-US')} approved × ${RECORDS.toLocaleString('en-US')} executed`, 2 * RECORDS, () =>
      reconcilePaths({ approved: [gate], executed: [guard], graceMs: 60_000, now: T0 + 2 * 86_400_000, live: false }))
    if (run.result.violations !== 0 || run.result.counts.ok === 0) throw new Error(`bench reconcile is not clean: ${JSON.stringify(run.result.counts)} ${run.result.items[0]?.message}`)
    const signer = { kid: 'bench', privateKey }
    const open = async (): Promise<number> => {
      const w = await openAuditWriter({ dir: gate, process: 'gate', signer, onWarn: () => undefined })
      const n = w.recovery.segmentsRead
      await w.close()
      return n
    }
    const first = await time(`writer start-up on the ${RECORDS.toLocaleString('en-US')}-record log, no base`, RECORDS, open)
    const second = await time('writer start-up again, behind its base checkpoint', RECORDS, open)
    console.log(`segments read at start-up: ${first} without a base, ${second} with one (goal: verify of ${RECORDS.toLocaleString('en-US')} under 60 s)`)
  } finally {
    if (process.env['BENCH_AUDIT_KEEP'] === undefined) rmSync(root, { recursive: true, force: true })
    else console.log(`kept ${root}`)
  }
}

await main()
