/**
 * Key rotation under steady load, with zero failed calls. The compose example's stack runs as real
 * processes (its configs, its keys.sh, the image's container profile; paths mapped as its volumes
 * are): tool server on a unix socket, guard, gate. Agents call without pause while the README's
 * steps run: add a key, publish both and SIGHUP the guard, switch the signer and SIGHUP the gate,
 * wait out the old bindings, retire the old key and SIGHUP the guard again. Then: no call failed,
 * both keys signed calls, the retired key is refused, and the logs reconcile.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecords } from '../../src/audit/index.js'
import { signingKeyFromPem } from '../../src/binding/index.js'
import { BIN } from '../e2e/procs.js'
import type { Proc } from '../e2e/procs.js'
import { signedCall } from '../helpers/sign.js'
import { TOKEN, startComposeStack } from './compose-stack.js'
import type { ComposeStack } from './compose-stack.js'

const TTL_SECONDS = 2
const SKEW_SECONDS = 1
const WORKERS = 4
let stack: ComposeStack

/** Waits for the n-th line matching `re` in a process's output. */
async function nth(p: Proc, re: RegExp, n: number): Promise<void> {
  const g = new RegExp(re.source, 'g')
  for (;;) {
    if ((p.output().match(g) ?? []).length >= n) return
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50))
}

beforeAll(async () => {
  stack = await startComposeStack({ ttlSeconds: TTL_SECONDS, skewSeconds: SKEW_SECONDS })
}, 60_000)

afterAll(async () => {
  await stack.close()
})

interface Load { ok: number; failed: string[]; stop(): Promise<void> }

/** WORKERS agents calling one after another, each call awaited, until stopped (or 50 000 calls). */
function steadyLoad(): Load {
  const load = { ok: 0, failed: [] as string[], running: true }
  const worker = async (): Promise<void> => {
    while (load.running && load.ok + load.failed.length < 50_000) {
      try {
        const res = await fetch(`${stack.gateUrl}/v1/tools/fs.read`, {
          method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"path":"/workspace/hello.txt"}',
        })
        const body = await res.text()
        if (res.status === 200 && body.includes('"ok":true')) load.ok++
        else load.failed.push(`${res.status} ${body.slice(0, 200)}`)
      } catch (e) {
        load.failed.push(String(e))
      }
    }
  }
  const done = Promise.all(Array.from({ length: WORKERS }, worker))
  return {
    get ok() { return load.ok },
    get failed() { return load.failed },
    async stop() {
      load.running = false
      await done
    },
  }
}

describe('key rotation (docs/deploy.md), under steady load', () => {
  it('generate, publish both, switch the signer, retire the old key: zero failed calls', async () => {
    const { vol, etcGate, gate, guard, gateUrl, guardUrl } = stack
    const keys = stack.keys
    const kidA = readlinkSync(join(vol.gateKeys, 'current.pem')).replace(/\.key\.pem$/, '')
    const keyA = signingKeyFromPem(readFileSync(join(vol.gateKeys, `${kidA}.key.pem`)))
    const load = steadyLoad()
    const after = async (n: number): Promise<void> => {
      const target = load.ok + n
      await until(() => load.ok >= target || load.failed.length > 0)
    }
    await after(50)

    // 1. Generate the new key next to the old one.
    const kidB = keys(vol.gateKeys, 'add').trim()
    expect(kidB).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // 2. Publish both to the guards, and have them read the set now.
    expect(keys(vol.gateKeys, 'publish')).toContain('now holds 2 key(s)')
    guard.child.kill('SIGHUP')
    await nth(guard, /key set reloaded \(SIGHUP\): 2 trusted key\(s\)/, 1)
    await after(50)
    // 3. Switch the signer: the link, the old key among previousKeys (published at the gate's JWKS), SIGHUP.
    keys(vol.gateKeys, 'switch', kidB)
    const conf = join(etcGate, 'verbatim.yaml')
    writeFileSync(conf, readFileSync(conf, 'utf8').replace('previousKeys: []', `previousKeys: [${join(vol.gateKeys, `${kidA}.jwk.json`)}]`))
    gate.child.kill('SIGHUP')
    await nth(gate, new RegExp(`signing with key ${kidB} \\(SIGHUP\\); published: ${kidB}, ${kidA}`), 1)
    const switchedAt = Date.now()
    const published = (await (await fetch(`${gateUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
    expect(published.keys.map((k) => k.kid)).toEqual([kidB, kidA])
    // 4. Once every binding the old key signed has expired (ttl + skew), retire it.
    await after(50)
    await until(() => Date.now() > switchedAt + (TTL_SECONDS + SKEW_SECONDS + 1) * 1000)
    expect(keys(vol.gateKeys, 'retire', kidA)).toContain('holds 1 key(s)')
    guard.child.kill('SIGHUP')
    await nth(guard, /key set reloaded \(SIGHUP\): 1 trusted key\(s\)/, 1)
    writeFileSync(conf, readFileSync(conf, 'utf8').replace(/previousKeys: \[.*\]/, 'previousKeys: []'))
    gate.child.kill('SIGHUP')
    await nth(gate, new RegExp(`signing with key ${kidB} \\(SIGHUP\\); published: ${kidB}(?![,\\w-])`), 1)
    await after(50)
    await load.stop()

    expect(load.failed).toEqual([])
    const decisions = (await readRecords(vol.gateAudit)).filter((r) => r.type === 'decision')
    const byKey = (kid: string): number => decisions.filter((d) => d.keyid === kid && d.verdict === 'allow').length
    expect(byKey(kidA)).toBeGreaterThanOrEqual(100)
    expect(byKey(kidB)).toBeGreaterThanOrEqual(100)
    expect(byKey(kidA) + byKey(kidB)).toBe(load.ok)
    console.log(`rotation: ${load.ok} calls, ${load.failed.length} failed; signed by the old key ${byKey(kidA)}, by the new key ${byKey(kidB)}`)

    // The retired key no longer opens the guard, even for a fresh, well-formed binding.
    const forged = signedCall(keyA, 'fs.read', '{"path":"/workspace/hello.txt"}', { audience: 'tools-1' })
    const refused = await fetch(`${guardUrl}${forged.path}`, { method: 'POST', headers: forged.headers, body: forged.body })
    expect(refused.status).toBe(401)
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_GUARD_KEY_UNKNOWN')

    // Stopped cleanly, the two logs reconcile: everything executed was approved, under either key.
    expect(await gate.stop()).toBe(0)
    expect(await guard.stop()).toBe(0)
    const out = execFileSync(BIN, ['audit', 'reconcile', '--approved', vol.gateAudit, '--executed', vol.guardAudit], { env: { ...process.env } }).toString()
    expect(out).toContain('OK: everything executed was approved, exactly as approved')
  }, 120_000)
})
