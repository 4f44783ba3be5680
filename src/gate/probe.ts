/** @module gate/probe: check that each upstream refuses what the gate did not sign (issue: the gate verifies its assumption). */
import { randomBytes } from 'node:crypto'
import { signBinding } from '../binding/index.js'
import type { SigningKey } from '../binding/index.js'
import type { Forwarder } from './forward.js'
import type { UpstreamRuntime } from './deps.js'
import { toolUrl } from './routes.js'

export const PROBE_TOOL = 'verbatim.probe'

export interface ProbeResult {
  upstream: string
  verdict: 'guarded' | 'unguarded' | 'unknown'
  details: string[]
}

interface ProbeCase {
  name: string
  expect: string
  headers: Record<string, string>
  body: Uint8Array
}

/**
 * Three requests a guard must refuse with its specific code: no signature, a corrupted signature,
 * and a digest that does not match the body. Any other answer marks the upstream unguarded;
 * an unreachable upstream stays unknown (and is not ready).
 */
export async function probeUpstream(u: UpstreamRuntime, key: SigningKey, forward: Forwarder, nowMs: number, nonce: () => string): Promise<ProbeResult> {
  const url = toolUrl(u.config.url, PROBE_TOOL)
  const body = new TextEncoder().encode('{"probe":true}')
  const sign = (b: Uint8Array): Record<string, string> =>
    signBinding({
      method: 'POST',
      path: url.pathname,
      body: b,
      decision: { id: `probe-${nonce()}`, agent: 'verbatim-probe', tool: PROBE_TOOL, policyDigest: '0'.repeat(64), audience: u.config.audience },
      key,
      now: Math.floor(nowMs / 1000),
      ttlSeconds: 30,
      nonce: nonce(),
    }).headers
  // Both signed probes sign a random body that is never sent: whoever captures a probe holds no
  // body matching its digest, so neither can be replayed into an accepted call, repaired or not.
  const secret = (): Uint8Array => new TextEncoder().encode(JSON.stringify({ probe: randomBytes(16).toString('hex') }))
  const signed = sign(secret())
  const corrupted = { ...signed, signature: signed.signature?.replace(/:(.)/, (_m, ch: string) => `:${ch === 'A' ? 'B' : 'A'}`) ?? '' }
  const cases: ProbeCase[] = [
    { name: 'unsigned', expect: 'ERR_GUARD_SIGNATURE_MISSING', headers: {}, body },
    { name: 'corrupted signature', expect: 'ERR_GUARD_SIGNATURE_INVALID', headers: corrupted, body },
    { name: 'digest mismatch', expect: 'ERR_GUARD_DIGEST_MISMATCH', headers: sign(secret()), body },
  ]
  const details: string[] = []
  let verdict: ProbeResult['verdict'] = 'guarded'
  for (const pc of cases) {
    try {
      const res = await forward({ url, headers: { 'content-type': 'application/json', ...pc.headers }, body: pc.body, timeoutMs: Math.min(u.config.timeoutMs, 5000), maxResponseBytes: 64 * 1024 })
      const code = readCode(res.body)
      if ((res.status === 401 || res.status === 403) && code === pc.expect) continue
      verdict = 'unguarded'
      details.push(`${pc.name}: expected ${pc.expect}, got ${res.status} ${code ?? '(no code)'}`)
    } catch (err) {
      if (verdict === 'guarded') verdict = 'unknown'
      details.push(`${pc.name}: ${(err as Error).message}`)
    }
  }
  return { upstream: u.config.name, verdict, details }
}

function readCode(body: Uint8Array): string | undefined {
  try {
    const v = JSON.parse(new TextDecoder().decode(body)) as { code?: unknown }
    return typeof v.code === 'string' ? v.code : undefined
  } catch {
    return undefined
  }
}

export interface Prober {
  /** Probes every upstream now. */
  probeAll(): Promise<void>
  /** Probes one upstream again, at most once per `minIntervalMs`; concurrent callers share the probe. */
  reprobe(u: UpstreamRuntime): Promise<void>
}

/** Keeps each upstream's guard state current; the gate forwards only to upstreams found guarded. */
export function createProber(
  upstreams: Iterable<UpstreamRuntime>,
  key: SigningKey,
  forward: Forwarder,
  opts: { now: () => number; nonce: () => string; log: (line: string) => void; minIntervalMs?: number },
): Prober {
  const inflight = new Map<UpstreamRuntime, Promise<void>>()
  const last = new Map<UpstreamRuntime, number>()
  const probeOne = (u: UpstreamRuntime): Promise<void> => {
    const running = inflight.get(u)
    if (running) return running
    const p = probeUpstream(u, key, forward, opts.now(), opts.nonce)
      .then((r) => {
        if (r.verdict !== u.guard) opts.log(`verbatim gate: upstream '${u.config.name}' is ${r.verdict}${r.details.length ? `: ${r.details.join('; ')}` : ''}`)
        if (r.verdict === 'unguarded' && u.config.guarded) opts.log(`verbatim gate: REFUSING to forward to '${u.config.name}': it accepted a request the gate did not sign`)
        u.guard = r.verdict
      })
      .finally(() => {
        last.set(u, opts.now())
        inflight.delete(u)
      })
    inflight.set(u, p)
    return p
  }
  return {
    probeAll: async () => void (await Promise.all([...upstreams].map(probeOne))),
    reprobe: (u) => {
      if (inflight.has(u) || opts.now() - (last.get(u) ?? -Infinity) >= (opts.minIntervalMs ?? 1000)) return probeOne(u)
      return Promise.resolve()
    },
  }
}
