/** @module gate/guard-ready: read a guard's own /readyz, so that the gate's readiness says what its guard's says. */
import { canonicalBytes } from '../canonical/index.js'
import type { Forwarder } from './forward.js'
import type { GuardReadiness, UpstreamRuntime } from './deps.js'

/** At most this many reasons, each at most this long, are kept from a guard's answer (they reach the gate's /readyz and logs). */
const MAX_REASONS = 8
const MAX_REASON_CHARS = 300

/** `{url}/readyz`, beside `{url}/v1/tools/…`: where a standalone guard answers for itself. */
export function readyzUrl(base: string): URL {
  const u = new URL(base)
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/readyz`
  u.search = ''
  return u
}

/**
 * Reads what a guard's answer to GET /readyz says: 200 is ready; 503 with `{ok: false, reasons}`
 * (and `readyAt` while its restart rule holds) is not. Anything else (a guard inside its executor's
 * process, which serves no /readyz; a 404; bytes that are not that JSON) says nothing: undefined.
 */
export function readGuardReadiness(status: number, body: Uint8Array): GuardReadiness | undefined {
  if (status === 200) return { ok: true, reasons: [] }
  if (status !== 503) return undefined
  let v
  try {
    v = canonicalBytes(body, { maxBytes: 64 * 1024 }).value
  } catch {
    return undefined
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v['ok'] !== false || !Array.isArray(v['reasons'])) return undefined
  const reasons = v['reasons'].filter((r): r is string => typeof r === 'string').slice(0, MAX_REASONS).map((r) => r.slice(0, MAX_REASON_CHARS))
  const at = v['readyAt']
  return typeof at === 'string' && !Number.isNaN(Date.parse(at)) && at.length <= 40 ? { ok: false, reasons, readyAt: at } : { ok: false, reasons }
}

/**
 * Asks the upstream's guard, once found guarding, whether it can take calls now, and records the
 * answer on the upstream. A guard that cannot be reached is not ready either (until the next probe
 * says what it is); one that serves no /readyz says nothing.
 */
export async function checkGuardReady(u: UpstreamRuntime, forward: Forwarder): Promise<void> {
  if (u.guard !== 'guarded') {
    delete u.guardReady
    return
  }
  try {
    const res = await forward({ url: readyzUrl(u.config.url), method: 'GET', headers: {}, body: new Uint8Array(), timeoutMs: Math.min(u.config.timeoutMs, 5000), maxResponseBytes: 64 * 1024 })
    const r = readGuardReadiness(res.status, res.body)
    if (r === undefined) delete u.guardReady
    else u.guardReady = r
  } catch (err) {
    u.guardReady = { ok: false, reasons: [`not reached: ${(err as Error).message.slice(0, 200)}`] }
  }
}

/** An upstream the gate is waiting for: its guard not reached yet, or reached and not ready (its executor down, its restart window). */
export function recovering(u: UpstreamRuntime): boolean {
  return u.guard === 'unknown' || (u.guard === 'guarded' && u.guardReady?.ok === false)
}

/** First retry after a failed probe, and the most it backs off to: a guard that starts listening is found within about 2 s. */
export const PROBE_RETRY_FIRST_MS = 250
export const PROBE_RETRY_MAX_MS = 2000

/**
 * The wait before the next probe: `intervalMs` (jittered ±20%) while every upstream is settled;
 * while one is recovering, exponential from 250 ms to at most 2 s (or `intervalMs` if shorter),
 * drawn from the upper half of each step so that many gates do not probe one guard in lockstep.
 */
export function nextProbeDelay(attempt: number, anyRecovering: boolean, intervalMs: number, random: () => number): number {
  if (!anyRecovering) return intervalMs * (0.8 + random() * 0.4)
  const step = Math.min(PROBE_RETRY_MAX_MS, intervalMs, PROBE_RETRY_FIRST_MS * 2 ** Math.min(attempt, 16))
  return step * (0.5 + random() * 0.5)
}
