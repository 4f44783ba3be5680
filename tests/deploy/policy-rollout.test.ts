/**
 * Policy rollout as the examples run it: a pipeline step (`verbatim policy test`) stops a policy
 * whose cases fail; one that passes is published the way the kubelet updates a ConfigMap volume (one
 * atomic rename of `..data`), and the running gate swaps to it, with its digest in the audit log. A
 * policy that does not load leaves the last good one in force, and the log says so.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecords } from '../../src/audit/index.js'
import { BIN } from '../e2e/procs.js'
import { COMPOSE, startComposeStack } from './compose-stack.js'
import type { ComposeStack } from './compose-stack.js'

let stack: ComposeStack
const v1 = readFileSync(join(COMPOSE, 'config/policies/tools.yaml'), 'utf8')
// Version 2: reading stays allowed, listing is no longer; its own cases say so.
const v2 = v1.replace('tools: [fs.read, fs.list]', 'tools: [fs.read]') + `  - name: listing is no longer allowed
    agent: coder
    tool: fs.list
    args: { path: /workspace }
    decision: deny
`

/** The pipeline's gate: `verbatim policy test DIR`, its exit code and closing line. */
function policyTest(files: Record<string, string>): { status: number | null; last: string } {
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-policy-ci-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  const r = spawnSync(BIN, ['policy', 'test', dir])
  return { status: r.status, last: r.stdout.toString().trim().split('\n').at(-1) ?? '' }
}

function digestOf(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-policy-ci-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return /digest: ([0-9a-f]{64})/.exec(execFileSync(BIN, ['policy', 'check', dir]).toString())?.[1] ?? ''
}

async function policyRecords(): Promise<{ digest: unknown; ok: unknown }[]> {
  return (await readRecords(stack.vol.gateAudit)).filter((r) => r.type === 'policy').map((r) => ({ digest: r.digest, ok: r.ok }))
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50))
}

beforeAll(async () => {
  stack = await startComposeStack({ ttlSeconds: 60, skewSeconds: 1 })
}, 60_000)

afterAll(async () => {
  await stack.close()
})

describe('policy rollout', () => {
  it('stops in the pipeline when a case fails: exit 1, nothing published', () => {
    const wrong = v1.replace('tools: [fs.read, fs.list]', 'tools: [fs.read, fs.list, fs.write]')
    expect(policyTest({ 'tools.yaml': wrong })).toEqual({ status: 1, last: '3 passed, 1 failed' })
  })

  it('swaps the running gate to a policy that passed, atomically, with its digest in the audit log', async () => {
    expect((await stack.call('fs.list', { path: '/workspace' })).status).toBe(200)
    expect(policyTest({ 'tools.yaml': v2 })).toEqual({ status: 0, last: '5 passed, 0 failed' })
    const d1 = digestOf({ 'tools.yaml': v1 })
    const d2 = digestOf({ 'tools.yaml': v2 })
    stack.rolloutPolicies({ 'tools.yaml': v2 })
    await stack.gate.waitFor(new RegExp(`policy loaded, digest ${d2}`))
    const denied = await stack.call('fs.list', { path: '/workspace' })
    expect(denied.status).toBe(403)
    expect(JSON.parse(denied.body)).toMatchObject({ code: 'ERR_POLICY_NO_MATCH' })
    expect((await stack.call('fs.read', { path: '/workspace/hello.txt' })).status).toBe(200)
    await until(async () => (await policyRecords()).length === 2)
    expect(await policyRecords()).toEqual([{ digest: d1, ok: true }, { digest: d2, ok: true }])
  })

  it('keeps the last good policy when a broken one is published anyway, and logs the failure', async () => {
    const d2 = digestOf({ 'tools.yaml': v2 })
    stack.rolloutPolicies({ 'tools.yaml': `${v2}rules: [oops\n` })
    await stack.gate.waitFor(/policy reload FAILED, still serving the last good policy/)
    await until(async () => (await policyRecords()).length === 3)
    expect((await policyRecords()).at(-1)).toEqual({ digest: d2, ok: false })
    expect((await stack.call('fs.list', { path: '/workspace' })).status).toBe(403)
    expect((await stack.call('fs.read', { path: '/workspace/hello.txt' })).status).toBe(200)
  })
})
