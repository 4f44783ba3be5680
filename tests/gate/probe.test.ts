import { describe, expect, it } from 'vitest'
import { createPublicKey } from 'node:crypto'
import { checkDigest, generateKeyPair, parseBinding, verifySignature } from '../../src/binding/index.js'
import type { VerbatimError } from '../../src/errors/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { createCircuit, createLimiter, createProber } from '../../src/gate/index.js'
import type { ForwardRequest, ForwardResponse, UpstreamRuntime } from '../../src/gate/index.js'

const upstreamConfig = ConfigSchema.parse({
  policies: ['p'],
  agents: [{ id: 'a', token: { env: 'T' } }],
  upstreams: [{ name: 'sb', url: 'http://127.0.0.1:1', audience: 'sb-1' }],
  routes: [{ tools: ['*'], upstream: 'sb' }],
  signing: { keyFile: 'k' },
}).upstreams[0]!

const KEY = await generateKeyPair()
const problem = (code: string): ForwardResponse => ({ status: 401, headers: {}, body: new TextEncoder().encode(JSON.stringify({ code })) })

/** Answers each probe with the binding core's own verdict, or as an executor that checks nothing. */
function executor(checks: boolean): { forward: (r: ForwardRequest) => Promise<ForwardResponse>; calls: ForwardRequest[] } {
  const calls: ForwardRequest[] = []
  return {
    calls,
    forward: async (r) => {
      calls.push(r)
      if (!checks) return { status: 200, headers: {}, body: new Uint8Array() }
      try {
        const parsed = parseBinding({ method: 'POST', path: r.url.pathname, query: '', headers: (n) => r.headers[n] ?? null })
        verifySignature(parsed, createPublicKey(KEY.privateKey))
        checkDigest(parsed, r.body)
        return { status: 200, headers: {}, body: new Uint8Array() }
      } catch (e) {
        return problem((e as VerbatimError).code)
      }
    },
  }
}

describe('upstream probes', () => {
  it('mark a checking executor guarded and one that accepts unsigned calls unguarded', async () => {
    const key = KEY
    for (const [checks, verdict] of [[true, 'guarded'], [false, 'unguarded']] as const) {
      const u: UpstreamRuntime = { config: upstreamConfig, limiter: createLimiter(1, 1), circuit: createCircuit(upstreamConfig.circuit, () => 0), guard: 'unknown' }
      const ex = executor(checks)
      const lines: string[] = []
      await createProber([u], key, ex.forward, { now: () => 0, nonce: () => 'n'.repeat(22), log: (l) => lines.push(l) }).probeAll()
      expect(u.guard).toBe(verdict)
      // Three probes; a guard found guarding is then asked for its /readyz.
      expect(ex.calls.map((c) => `${c.method ?? 'POST'} ${c.url.pathname}`)).toEqual([...Array(3).fill('POST /v1/tools/verbatim.probe'), ...(checks ? ['GET /readyz'] : [])])
      if (!checks) expect(lines.join('\n')).toContain("REFUSING to forward to 'sb'")
    }
  })

  it('sign only bodies that are never sent, so a captured probe cannot be replayed', async () => {
    const key = KEY
    const u: UpstreamRuntime = { config: upstreamConfig, limiter: createLimiter(1, 1), circuit: createCircuit(upstreamConfig.circuit, () => 0), guard: 'unknown' }
    const ex = executor(true)
    await createProber([u], key, ex.forward, { now: () => 0, nonce: () => 'n'.repeat(22), log: () => undefined }).probeAll()
    const signed = ex.calls.filter((c) => c.headers['signature'] !== undefined)
    expect(signed).toHaveLength(2)
    for (const c of signed) {
      const parsed = parseBinding({ method: 'POST', path: c.url.pathname, query: '', headers: (n) => c.headers[n] ?? null })
      expect(() => checkDigest(parsed, c.body)).toThrowError(expect.objectContaining({ code: 'ERR_GUARD_DIGEST_MISMATCH' }) as Error)
    }
  })

  it('share one probe between concurrent callers and probe again at most once per interval', async () => {
    const key = KEY
    let t = 0
    const u: UpstreamRuntime = { config: upstreamConfig, limiter: createLimiter(1, 1), circuit: createCircuit(upstreamConfig.circuit, () => 0), guard: 'unknown' }
    const ex = executor(true)
    const prober = createProber([u], key, ex.forward, { now: () => t, nonce: () => 'n'.repeat(22), log: () => undefined, minIntervalMs: 1000 })
    const probes = (): number => ex.calls.filter((c) => c.url.pathname === '/v1/tools/verbatim.probe').length
    await Promise.all([prober.reprobe(u), prober.reprobe(u), prober.reprobe(u)])
    expect(probes()).toBe(3)
    t = 500
    await prober.reprobe(u)
    expect(probes()).toBe(3)
    t = 1500
    await prober.reprobe(u)
    expect(probes()).toBe(6)
  })
})
