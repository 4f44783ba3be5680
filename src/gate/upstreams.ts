/** @module gate/upstreams: each configured upstream's runtime state: limiter, guard state, receipt keys. */
import { jwksKeyResolver } from '../binding/index.js'
import type { Config } from '../config/index.js'
import type { UpstreamRuntime } from './deps.js'
import { createLimiter } from './limiter.js'
import { createCircuit } from './circuit.js'

/** Builds the runtime of every upstream, 'unknown' until probed (gate/preflight checked and warned first). */
export async function upstreamRuntimes(
  config: Pick<Config, 'upstreams'>,
  log: (line: string) => void,
  o: { now?: () => number; onCircuitOpen?: (upstream: string) => void } = {},
): Promise<Map<string, UpstreamRuntime>> {
  const out = new Map<string, UpstreamRuntime>()
  for (const u of config.upstreams) {
    const circuit = createCircuit(u.circuit, o.now ?? Date.now, Math.random, (s) => {
      if (s === 'open') o.onCircuitOpen?.(u.name)
      log(`verbatim gate: upstream '${u.name}' circuit ${s}`)
    })
    const rt: UpstreamRuntime = { config: u, limiter: createLimiter(u.maxConcurrent, u.maxQueue, u.queueTimeoutMs), circuit, guard: 'unknown' }
    // The key set file was checked by gate/preflight, which also warns of upstreams nobody verifies.
    if (u.receipts !== undefined) rt.receiptKeys = 'jwksFile' in u.receipts ? jwksKeyResolver({ file: u.receipts.jwksFile }) : jwksKeyResolver({ url: u.receipts.jwksUrl })
    out.set(u.name, rt)
  }
  return out
}

/**
 * Why a call to this upstream cannot succeed now, one line per reason (none: it can): not known
 * guarded (probes, a receipt fault), its circuit open, or its guard's own /readyz failing (the
 * executor behind it down, its restart window, its log or replay store). The gate's /readyz and the
 * `verbatim_upstream_ready` gauge say the same.
 */
export function upstreamNotReady(u: UpstreamRuntime): string[] {
  const name = u.config.name
  const reasons: string[] = []
  if (u.config.guarded && u.guard !== 'guarded') reasons.push(`upstream ${name}: ${u.guard}${u.guardDetail ? ` (${u.guardDetail})` : ''}`)
  if (u.circuit.state === 'open') reasons.push(`upstream ${name}: circuit open (failing fast with 503 ERR_GATE_CIRCUIT_OPEN until trial calls succeed)`)
  const g = u.guardReady
  if (g !== undefined && !g.ok) {
    const until = g.readyAt === undefined ? '' : ` (until ${g.readyAt})`
    reasons.push(`upstream ${name}: its guard is not ready${until}: ${g.reasons.join('; ') || 'no reason given'}`)
  }
  return reasons
}
