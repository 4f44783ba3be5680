/** @module gate/upstreams: each configured upstream's runtime state: limiter, guard state, receipt keys. */
import { jwksKeyResolver } from '../binding/index.js'
import type { Config } from '../config/index.js'
import type { UpstreamRuntime } from './deps.js'
import { createLimiter } from './limiter.js'
import { createCircuit } from './circuit.js'

/** Builds the runtime of every upstream, 'unknown' until probed (gate/preflight checked and warned first). */
export async function upstreamRuntimes(config: Pick<Config, 'upstreams'>, log: (line: string) => void, now: () => number = Date.now): Promise<Map<string, UpstreamRuntime>> {
  const out = new Map<string, UpstreamRuntime>()
  for (const u of config.upstreams) {
    const circuit = createCircuit(u.circuit, now, Math.random, (s) => log(`verbatim gate: upstream '${u.name}' circuit ${s}`))
    const rt: UpstreamRuntime = { config: u, limiter: createLimiter(u.maxConcurrent, u.maxQueue, u.queueTimeoutMs), circuit, guard: 'unknown' }
    // The key set file was checked by gate/preflight, which also warns of upstreams nobody verifies.
    if (u.receipts !== undefined) rt.receiptKeys = 'jwksFile' in u.receipts ? jwksKeyResolver({ file: u.receipts.jwksFile }) : jwksKeyResolver({ url: u.receipts.jwksUrl })
    out.set(u.name, rt)
  }
  return out
}
