/**
 * `verbatim audit report` renders in headless Chromium (Debian's, /usr/bin/chromium): the key elements
 * show the same counts as `--json`, the page loads nothing but itself, and a screenshot is saved to
 * test-artifacts/ for a person to look at.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportModel } from '../../src/auditor/index.js'
import { tempDir } from '../audit/helpers.js'
import { makeOutcomeLogs } from './outcome-fixture.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin', 'verbatim')
const CHROMIUM = '/usr/bin/chromium'
const ARTIFACTS = join(ROOT, 'test-artifacts')
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const haveChromium = existsSync(CHROMIUM)
const why = haveChromium ? '' : ` (SKIPPED: ${CHROMIUM} is not installed; apt-get install -y chromium)`
if (!haveChromium) process.stderr.write(`tests/auditor/report.test.ts: ${CHROMIUM} is not installed, so the report is not rendered; apt-get install -y chromium\n`)

const cwd = tempDir('verbatim-report-')
for (const d of ['logs', 'keys', 'forged']) cpSync(join(ROOT, 'tests', 'audit', 'session', d), join(cwd, d), { recursive: true })
const NOW = (JSON.parse(readFileSync(join(ROOT, 'tests', 'audit', 'session', 'session.json'), 'utf8')) as { now: string }).now

/** The report of these logs, as HTML (through --out) and as the --json data, from the built CLI. */
function report(name: string, executed: string[], approved = 'logs/gate', extra: string[] = []): { html: string; path: string; model: ReportModel; code: number | null; stderr: string } {
  const path = join(cwd, `${name}.html`)
  const args = ['audit', 'report', '--approved', approved, ...executed.flatMap((e) => ['--executed', e]), '--now', NOW, '--out', path, '--json', ...extra]
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' })
  return { html: readFileSync(path, 'utf8'), path, model: JSON.parse(r.stdout) as ReportModel, code: r.status, stderr: r.stderr }
}

const clean = report('clean', ['logs/guard-sandbox', 'logs/guard-web'])
const forged = report('forged', ['forged/guard-sandbox', 'logs/guard-web'])
// An outage's logs, without the one violation among them: calls to account for, nothing unapproved.
const outage = await makeOutcomeLogs()
const OUTAGE_CALLS = ['--decision', 'd-exec-failed,d-retry,d-refused,d-undelivered']
const attention = report('attention', [outage.guardDir], outage.gateDir, OUTAGE_CALLS)
const attentionLater = report('attention-later', [outage.guardDir], outage.gateDir, [...OUTAGE_CALLS, '--now', '2030-01-01T00:00:00.000Z'])
await outage.close()

describe('audit report: one self-contained HTML file', () => {
  it('has no script, no link and no external reference, and forbids loading anything (CSP)', () => {
    for (const { html } of [clean, forged]) {
      expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(/i)
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`)
    }
    expect([clean.code, forged.code, attention.code]).toEqual([0, 1, 3])
    expect(clean.stderr).toMatch(/^wrote .*clean\.html \(\d+ bytes\): 11 call\(s\), 0 violation\(s\), 0 to account for, 3 log\(s\) OK\n$/)
    expect(forged.stderr).toMatch(/FAILED\nnext \(tool-mismatch\): /)
    expect(attention.stderr).toMatch(/: 4 call\(s\), 0 violation\(s\), 2 to account for, 2 log\(s\) ATTENTION\nnext \(executor-failed\): .*\nnext \(retry-risk\): /)
  })

  it('gives the verdict the logs prove, whatever --now says', () => {
    expect([clean.model.verdict, forged.model.verdict, attention.model.verdict]).toEqual(['ok', 'failed', 'attention'])
    expect(attention.model.accountFor.map((i) => [i.decisionId, i.class])).toEqual([['d-exec-failed', 'executor-failed'], ['d-retry', 'retry-risk']])
    expect(attention.model.classes).toMatchObject({ 'refused-by-guard': 1, 'not-delivered': 1, ok: 0 })
    expect(attentionLater.model.now).not.toBe(attention.model.now)
    expect({ ...attentionLater.model, now: 0 }).toEqual({ ...attention.model, now: 0 })
    expect(attentionLater.code).toBe(3)
  })
})

describe.skipIf(!haveChromium)(`audit report in headless Chromium${why}`, () => {
  let browser: Browser
  const requests: string[] = []
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(`file://${path}`, { waitUntil: 'load' })
    return page
  }

  const num = async (page: Page, selector: string, attr = 'data-value'): Promise<number> => Number(await page.getAttribute(selector, attr))

  it('shows the verdict, the rates, every reconcile class and every log with the counts --json gives, and loads only itself', async () => {
    const m = clean.model
    const page = await open(clean.path)
    expect(await page.title()).toBe('Verbatim audit report')
    expect(await page.getAttribute('#verdict', 'data-ok')).toBe(String(m.ok))
    expect(await page.textContent('#verdict')).toMatch(/^OK: everything executed was approved/)
    for (const [metric, value] of [['calls', m.calls.total], ['allow', m.calls.allow], ['deny', m.calls.deny], ['reject', m.calls.reject], ['violations', m.violations], ['attention', m.attention], ['executor-failed', m.classes['executor-failed']], ['retry-risk', m.classes['retry-risk']], ['probes', m.probes]] as const) {
      expect([metric, await num(page, `.card[data-metric="${metric}"]`)]).toEqual([metric, value])
    }
    for (const [cls, n] of Object.entries(m.classes)) expect([cls, await num(page, `#classes tr[data-class="${cls}"] td.n`)]).toEqual([cls, n])
    expect(await page.locator('#logs tr[data-log]').count()).toBe(m.logs.length)
    for (const l of m.logs) expect(await num(page, `#logs tr[data-log="${l.log}"] td.n`)).toBe(l.records)
    expect(await num(page, '#executor-failed')).toBe(m.executor.failed)
    expect(await num(page, '#executor-client-error')).toBe(m.executor.clientError)
    expect(await page.locator('#account-for tr[data-decision]').count()).toBe(m.accountFor.length)
    expect(await page.locator('#offending tr[data-decision]').count()).toBe(0)
    // The timeline: one row per agent, each with the calls --json counts, and the bars add up.
    expect(await page.locator('#timeline-svg .agent-row').count()).toBe(m.timeline.agents.length)
    for (const a of m.timeline.agents) {
      expect(await num(page, `#timeline-svg .agent-row[data-agent="${a.agent}"]`, 'data-calls')).toBe(a.calls)
      const bars = await page.locator(`#timeline-svg .bucket[data-agent="${a.agent}"]`).evaluateAll((els) => els.reduce((n, e) => n + ['allow', 'deny', 'reject'].reduce((k, v) => k + Number(e.getAttribute(`data-${v}`)), 0), 0))
      expect(bars).toBe(a.calls)
    }
    for (const [id, list] of [['denied-tools', m.topDeniedTools], ['denied-rules', m.topDeniedRules], ['reject-codes', m.rejectCodes]] as const) {
      expect(await page.locator(`#${id} tr[data-name]`).count()).toBe(list.length)
      for (const x of list) expect(await num(page, `#${id} tr[data-name="${x.name}"] td.n`)).toBe(x.count)
    }
    expect(m.topDeniedRules.map((r) => r.name)).toContain('(default deny)')
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, 'audit-report.png'), fullPage: true })
    expect(existsSync(join(ARTIFACTS, 'audit-report.png'))).toBe(true)
    await page.close()
    expect(requests).toEqual([`file://${clean.path}`])
  })

  it('shows a FAILED report: the offending call with its class and both logs, and what to do next', async () => {
    const m = forged.model
    const page = await open(forged.path)
    expect(await page.getAttribute('#verdict', 'data-ok')).toBe('false')
    expect(await page.textContent('#verdict')).toContain('next: tool-mismatch: ')
    expect(await page.locator('#offending tr[data-decision]').count()).toBe(m.offending.length)
    expect(m.offending.map((i) => i.class)).toEqual(['tool-mismatch'])
    const row = page.locator(`#offending tr[data-class="tool-mismatch"]`)
    expect(await row.textContent()).toContain('forged/guard-sandbox')
    expect(await num(page, '#classes tr[data-class="tool-mismatch"] td.n')).toBe(1)
    await page.screenshot({ path: join(ARTIFACTS, 'audit-report-failed.png'), fullPage: true })
    await page.close()
  })

  it('shows an ATTENTION report: amber, each call to account for with what the executor answered, and what to do next', async () => {
    const m = attention.model
    const page = await open(attention.path)
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('attention')
    expect(await page.getAttribute('#verdict', 'data-ok')).toBe('false')
    expect(await page.textContent('#verdict')).toMatch(/^ATTENTION: everything executed was approved, exactly as approved; every log verifies; 2 approved call\(s\) to account for\./)
    expect(await page.textContent('#verdict')).toContain('next: executor-failed: ')
    expect(await page.evaluate('getComputedStyle(document.querySelector("#verdict")).backgroundColor')).toBe('rgb(255, 248, 230)')
    expect(await page.locator('#account-for tr[data-decision]').count()).toBe(m.accountFor.length)
    expect(await page.locator('#account-for tr[data-class="executor-failed"] td').nth(4).textContent()).toBe('502')
    expect(await page.locator('#offending tr[data-decision]').count()).toBe(0)
    for (const [cls, level] of [['executor-failed', 'attention'], ['refused-by-guard', 'not-run'], ['tool-mismatch', 'violation']] as const) {
      expect(await page.getAttribute(`#classes tr[data-class="${cls}"]`, 'data-level')).toBe(level)
    }
    await page.screenshot({ path: join(ARTIFACTS, 'audit-report-attention.png'), fullPage: true })
    await page.close()
  })
})
