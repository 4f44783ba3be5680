/** @module gate/probe: check, at start and then periodically, that each upstream refuses what the gate did not sign. */
import { randomBytes } from 'node:crypto'
import { PROBE_AGENT, PROBE_DECISION_PREFIX, PROBE_TOOL, signBinding } from '../binding/index.js'
import type { SigningKey } from '../binding/index.js'
import type { Forwarder } from './forward.js'
import type { GuardState, UpstreamRuntime } from './deps.js'
import { toolUrl } from './routes.js'
import { checkGuardReady, nextProbeDelay, recovering } from './guard-ready.js'

export { PROBE_TOOL }

export interface ProbeResult {
  upstream: string
  verdict: GuardState
  details: string[]
}

interface ProbeCase {
  name: string
  expect: string
  headers: Record<string, string>
  body: Uint8Array
}

/** What one probe answer says about the upstream. */
type Finding = 'pass' | 'unguarded' | 'misconfigured'

/**
 * A refusal with the expected code passes. Any other refusal with a guard's code means a guard is
 * there but refused for another reason (it cannot read its key set, or does not trust this gate):
 * guarded but misconfigured. Anything else (2xx, a plain 404, no code) means nothing checked the binding.
 */
function judge(status: number, code: string | undefined, expect: string): Finding {
  if ((status === 401 || status === 403) && code === expect) return 'pass'
  if (status >= 400 && code !== undefined && /^ERR_(GUARD|INTAKE|AUDIT)_/.test(code)) return 'misconfigured'
  return 'unguarded'
}

/**
 * Three requests a guard must refuse with its specific code: no signature, a corrupted signature,
 * and a digest that does not match the body. An answer without a guard's refusal marks the
 * upstream unguarded; a guard's refusal with another code, misconfigured; an unreachable
 * upstream stays unknown. The gate forwards only to upstreams found guarded.
 */
export async function probeUpstream(u: UpstreamRuntime, key: SigningKey, forward: Forwarder, nowMs: number, nonce: () => string): Promise<ProbeResult> {
  const url = toolUrl(u.config.url, PROBE_TOOL)
  const body = new TextEncoder().encode('{"probe":true}')
  const sign = (b: Uint8Array): Record<string, string> =>
    signBinding({
      method: 'POST',
      path: url.pathname,
      body: b,
      decision: { id: `${PROBE_DECISION_PREFIX}${nonce()}`, agent: PROBE_AGENT, tool: PROBE_TOOL, policyDigest: '0'.repeat(64), audience: u.config.audience },
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
  const found = new Set<Finding | 'unreachable'>()
  for (const pc of cases) {
    try {
      const res = await forward({ url, headers: { 'content-type': 'application/json', ...pc.headers }, body: pc.body, timeoutMs: Math.min(u.config.timeoutMs, 5000), maxResponseBytes: 64 * 1024 })
      const code = readCode(res.body)
      const finding = judge(res.status, code, pc.expect)
      found.add(finding)
      if (finding !== 'pass') details.push(`${pc.name} probe: expected ${pc.expect}, got ${res.status} ${code ?? '(no code)'}`)
    } catch (err) {
      found.add('unreachable')
      details.push(`${pc.name} probe: ${(err as Error).message}`)
    }
  }
  const verdict: GuardState = found.has('unguarded') ? 'unguarded' : found.has('misconfigured') ? 'misconfigured' : found.has('unreachable') ? 'unknown' : 'guarded'
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

/** Schedules `fn` once after `ms`; returns a cancel function. Injected so tests drive the periodic probe. */
export type SetTimer = (fn: () => void, ms: number) => () => void

const realTimer: SetTimer = (fn, ms) => {
  const t = setTimeout(fn, ms)
  t.unref()
  return () => clearTimeout(t)
}

export interface Prober {
  /** Probes every upstream now. */
  probeAll(): Promise<void>
  /** Probes one upstream again, at most once per `minIntervalMs`; concurrent callers share the probe. */
  reprobe(u: UpstreamRuntime): Promise<void>
  /**
   * A call to this upstream just failed (a fault: gate/answer.ts): asks its guard's /readyz now, at
   * most once per `minIntervalMs`; if it is now recovering (not ready, or not reached), the periodic
   * probe comes back within the backoff, not after `intervalMs`.
   */
  recheck(u: UpstreamRuntime): Promise<void>
  /**
   * Probes every upstream every `intervalMs` (jittered ±20%) until stopped; returns the stop
   * function. While an upstream is recovering (its guard not reached, or not ready), it is looked
   * at again sooner: from 250 ms, backing off to 2 s (gate/guard-ready.ts, nextProbeDelay).
   */
  every(intervalMs: number, setTimer?: SetTimer): () => void
}

/** What the gate logs when an upstream's state changes; loud when it stops forwarding there. */
function announce(u: UpstreamRuntime, r: ProbeResult, log: (line: string) => void): void {
  if (r.verdict === u.guard) return
  const why = r.details.length ? `: ${r.details.join('; ')}` : ''
  log(`verbatim gate: upstream '${u.config.name}' is ${r.verdict}${why}`)
  if (!u.config.guarded) return
  if (r.verdict === 'unguarded') log(`verbatim gate: REFUSING to forward to '${u.config.name}': it answered a request the gate did not sign without a guard's refusal`)
  if (r.verdict === 'misconfigured') log(`verbatim gate: REFUSING to forward to '${u.config.name}': a guard is there but refuses correctly signed probes (check its key set, audience and clock)`)
}

/** Keeps each upstream's guard state current; the gate forwards only to upstreams found guarded. */
export function createProber(
  upstreams: Iterable<UpstreamRuntime>,
  /** The signing key, or a getter for it: probes sign with the gate's current key, also after a reload. */
  key: SigningKey | (() => SigningKey),
  forward: Forwarder,
  opts: { now: () => number; nonce: () => string; log: (line: string) => void; minIntervalMs?: number; random?: () => number },
): Prober {
  // A list, not the iterator it came from: every periodic probe walks all upstreams again.
  const list = [...upstreams]
  const inflight = new Map<UpstreamRuntime, Promise<void>>()
  const last = new Map<UpstreamRuntime, number>()
  const probeOne = (u: UpstreamRuntime): Promise<void> => {
    const running = inflight.get(u)
    if (running) return running
    const heldAtStart = u.receiptFault === true
    const p = probeUpstream(u, typeof key === 'function' ? key() : key, forward, opts.now(), opts.nonce)
      .then((r) => {
        if (u.receiptFault === true && !heldAtStart) return // a receipt fault arrived meanwhile: it stands
        announce(u, r, opts.log)
        u.guard = r.verdict
        u.guardDetail = r.details.join('; ')
        // A full probe pass ends a receipt fault's hold; an on-demand one never starts while it lasts.
        u.receiptFault = false
      })
      // A guard found guarding is asked whether it can take calls (its executor, its restart window).
      .then(() => checkGuardReady(u, forward))
      .finally(() => {
        last.set(u, opts.now())
        inflight.delete(u)
      })
    inflight.set(u, p)
    return p
  }
  const probeAll = async (): Promise<void> => void (await Promise.all(list.map(probeOne)))
  const random = opts.random ?? Math.random
  const rechecked = new Map<UpstreamRuntime, number>()
  /** Set by every(): brings the next periodic probe forward when an upstream starts recovering. */
  let wake: () => void = () => undefined
  return {
    probeAll,
    async recheck(u) {
      if (opts.now() - (rechecked.get(u) ?? -Infinity) < (opts.minIntervalMs ?? 1000)) return
      rechecked.set(u, opts.now())
      await checkGuardReady(u, forward)
      wake()
    },
    reprobe: (u) => {
      if (u.receiptFault === true) return Promise.resolve()
      if (inflight.has(u) || opts.now() - (last.get(u) ?? -Infinity) >= (opts.minIntervalMs ?? 1000)) return probeOne(u)
      return Promise.resolve()
    },
    every(intervalMs, setTimer = realTimer) {
      let cancel: (() => void) | undefined
      let stopped = false
      let attempt = 0
      let lastFull = opts.now()
      // A quick look at what is recovering: a guard not reached gets a full probe, one not ready its /readyz.
      const quick = (): Promise<void> =>
        Promise.all(list.filter(recovering).map((u) => (u.guard === 'unknown' ? probeOne(u) : checkGuardReady(u, forward)))).then(() => undefined)
      const full = (): Promise<void> => {
        lastFull = opts.now()
        return probeAll()
      }
      let running = false
      let pendingQuick = false
      // Jittered, so that many gates do not probe one executor in lockstep.
      const schedule = (): void => {
        running = false
        if (stopped) return
        const anyRecovering = list.some(recovering)
        attempt = anyRecovering ? attempt + 1 : 0
        const delay = nextProbeDelay(attempt - 1, anyRecovering, intervalMs, random)
        const run = !anyRecovering || opts.now() + delay - lastFull >= intervalMs ? full : quick
        pendingQuick = anyRecovering
        cancel = setTimer(() => {
          running = true
          void run().catch(() => undefined).finally(schedule)
        }, delay)
      }
      wake = () => {
        if (stopped || running || pendingQuick || !list.some(recovering)) return
        cancel?.()
        schedule()
      }
      schedule()
      return () => {
        stopped = true
        cancel?.()
      }
    },
  }
}
