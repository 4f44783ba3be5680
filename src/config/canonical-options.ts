/** @module config/canonical-options: the strict-parse profile a config asks for, in one place for the gate and the CLI. */
import type { CanonicalOptions } from '../canonical/index.js'
import type { Config } from './schema.js'

/** limits.maxBodyBytes, limits.maxDepth and the canonical switches, as the canonical core takes them. */
export function canonicalOptionsOf(config: Pick<Config, 'limits' | 'canonical'>): Required<CanonicalOptions> {
  return {
    maxBytes: config.limits.maxBodyBytes,
    maxDepth: config.limits.maxDepth,
    rejectCaseCollisions: config.canonical.rejectCaseCollisions,
    rejectPrototypeKeys: config.canonical.rejectPrototypeKeys,
  }
}
