/**
 * Issue 22, as a person would do it: Debian's Chromium, driven by playwright-core, with the DevTools
 * virtual authenticator (CDP WebAuthn). An operator makes an enrolment link from the CLI; the approver
 * opens it and creates a passkey; an agent's call on shell.exec is held; the approver signs in, sees
 * the exact bytes (a bidi override and a Cyrillic look-alike made visible), approves with the passkey;
 * the held call completes and the executor got exactly those bytes, once. Then what a browser does
 * for an attacker is refused: a page of another origin can neither frame the console nor post to it.
 * Screenshots for docs/approvals.md: written when VERBATIM_SCREENSHOTS=1, else checked to exist.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import { startApprovalStack } from '../helpers/approval-stack.js'
import type { ApprovalStack } from '../helpers/approval-stack.js'
import { runCli } from '../helpers/cli.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CHROMIUM = '/usr/bin/chromium'
const SHOTS = process.env['VERBATIM_SCREENSHOTS'] === '1'
const SHOT = (name: string): string => join(ROOT, 'docs', 'img', `console-${name}.png`)
const haveChromium = existsSync(CHROMIUM)
if (!haveChromium) process.stderr.write(`tests/e2e/approvals-browser.test.ts: SKIPPED, ${CHROMIUM} is not installed (apt-get install -y chromium)\n`)

// A branch name with a Cyrillic а (U+0430) and a right-to-left override (U+202E) in a message: both look harmless when rendered raw.
const BODY = '{"argv":["git","push","--force","origin","m\u0430in"],"cwd":"/workspace/app","message":"fix \u202Etxt.exe"}'
const CANONICAL = new TextDecoder().decode(canonicalBytes(new TextEncoder().encode(BODY)).bytes)

describe.skipIf(!haveChromium)('approving a held call in Chromium with a passkey', () => {
  let s: ApprovalStack
  let ctx: BrowserContext
  let page: Page
  let attacker: ReturnType<typeof createServer>
  let attackerUrl: string

  beforeAll(async () => {
    s = await startApprovalStack({ holdSeconds: 120 })
    s.gate.reloadApprovals({ ...s.gate.deps.approvals!.config, groups: { oncall: ['alice', 'bob', 'erin'], security: ['carol'] } })
    ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'verbatim-chromium-')), {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1100, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    page = await ctx.newPage()
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } })
    // Another origin an attacker controls: it frames the console, and posts to it.
    attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><iframe id="f" src="${s.origin}/"></iframe>`))
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r))
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`
  }, 60_000)

  afterAll(async () => {
    await ctx?.close()
    attacker?.close()
    await s?.close()
  })

  it('enrols a passkey from a one-time link the operator made', async () => {
    const cfg = join(s.dir, 'verbatim.yaml')
    await writeFile(cfg, [
      'policies: [policy.yaml]', 'agents: [{ id: coder, token: { env: T } }]', 'upstreams: [{ name: u, url: "http://127.0.0.1:9", audience: a }]',
      'routes: [{ tools: ["*"], upstream: u }]', 'signing: { keyFile: k.pem }',
      `approvals: { console: { origin: "${s.origin}" }, dir: ${JSON.stringify(s.approvalsDir)}, groups: { oncall: [alice, bob, erin] } }`, '',
    ].join('\n'))
    const link = (await runCli(['approvers', 'invite', 'erin', '--config', cfg])).out.trim()
    await page.goto(link)
    await page.click('#enrol')
    await expect.poll(() => page.textContent('#status')).toMatch(/^Enrolled a passkey for erin\./)
    // The guard learns erin's passkey as an operator would give it: export, then SIGHUP.
    expect((await runCli(['approvers', 'export', '--config', cfg, '--out', s.trustFile])).code).toBe(0)
    await s.guard.reloadKeys()
  })

  it('shows the held call with the exact bytes, nothing hidden; approving with the passkey runs exactly those bytes, once', async () => {
    const held = s.call('shell.exec', BODY)
    await page.goto(`${s.origin}/`)
    await page.click('#login')
    await page.waitForSelector('#waiting a')
    if (SHOTS) await page.screenshot({ path: SHOT('waiting'), fullPage: true })
    await page.click('#waiting a')
    await page.waitForSelector('#bytes')
    expect(await page.textContent('#agent')).toBe('coder')
    expect(await page.textContent('#rule')).toBe('shell-needs-approval')
    expect(await page.textContent('#digest')).toBe(createHash('sha256').update(CANONICAL).digest('hex'))
    // Every character outside printable ASCII is labelled; the override never reaches the page raw.
    const shown = await page.textContent('#bytes')
    expect(shown).toBe(CANONICAL.replace('\u0430', '\u0430U+0430').replace('\u202E', 'U+202E'))
    expect(await page.innerHTML('#bytes')).not.toContain('\u202E')
    const findings = await page.textContent('#findings')
    expect(findings).toContain('1 bidirectional control character(s) (U+202E)')
    expect(findings).toContain('letters of Latin and Cyrillic in one string')
    if (SHOTS) await page.screenshot({ path: SHOT('approval'), fullPage: true })
    await page.fill('#comment', 'force-push agreed with the team')
    await page.click('#approve')
    await expect.poll(() => page.textContent('#status')).toBe('Approved: the call is now approved.')
    const res = await held
    const answer = await res.text()
    expect(res.status, answer).toBe(200)
    expect(s.ran.map((r) => r.body)).toEqual([CANONICAL])
    const approval = (await s.approved()).find((r) => r.type === 'approval')
    expect(approval).toMatchObject({ approver: 'erin', action: 'approve', comment: 'force-push agreed with the team', origins: [s.origin] })
  })

  it('a page of another origin cannot frame the console (clickjacking) nor post to it (CSRF)', async () => {
    const evil = await ctx.newPage()
    await evil.goto(attackerUrl)
    const frame = evil.frames().find((f) => f !== evil.mainFrame())
    // X-Frame-Options DENY and frame-ancestors 'none': Chromium shows its error page in the frame, never the console.
    await expect.poll(async () => (await frame?.content()) ?? '').not.toContain('Verbatim approvals')
    // A forged decision, posted with the approver's cookies if the browser would send them.
    const records = (await s.approved()).length
    const post = await evil.evaluate(async (origin) => {
      try {
        const r = await fetch(`${origin}/api/logout`, { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' })
        return r.type
      } catch (e) {
        return String(e)
      }
    }, s.origin)
    // The script learns nothing (an opaque answer, or none: Cross-Origin-Resource-Policy), and nothing changed:
    // the session still works, and no record was written.
    expect(['opaque', 'TypeError: Failed to fetch']).toContain(post)
    await evil.close()
    expect((await s.approved()).length).toBe(records)
    await page.goto(`${s.origin}/`)
    expect(await page.textContent('header')).toContain('signed in as erin')
    const refused = (await s.console().send('POST', '/api/approvals/x/options', { action: 'approve', comment: '' }, { origin: attackerUrl, 'sec-fetch-site': 'cross-site' }))
    expect(refused.json['code']).toBe('ERR_CONSOLE_ORIGIN')
  })

  it('keeps the screenshots of docs/approvals.md in step (VERBATIM_SCREENSHOTS=1 rewrites them)', () => {
    for (const name of ['waiting', 'approval']) {
      expect(existsSync(SHOT(name))).toBe(true)
      const png = readFileSync(SHOT(name))
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
      expect(statSync(SHOT(name)).size).toBeGreaterThan(10_000)
    }
  })
})
