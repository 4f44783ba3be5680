/** @module gate/deps: everything the gate app needs, injected (time, ids, network, audit). */
import type { JWK } from 'jose'
import type { Upstream } from '../config/index.js'
import type { CanonicalOptions } from '../canonical/index.js'
import type { SigningKey } from '../binding/index.js'
import type { CompiledPolicy } from '../policy/index.js'
import type { Authenticator } from '../intake/index.js'
import type { Forwarder } from './forward.js'
import type { Limiter } from './limiter.js'
import type { RouteTable } from './routes.js'

/** The slice of the audit writer the gate uses: resolves once the record is durable. */
export interface AuditSink {
  append(type: 'decision' | 'forward' | 'policy' | 'start' | 'stop', fields: Record<string, AuditField>): Promise<unknown>
}
export type AuditField = string | number | boolean | null | AuditField[] | { [k: string]: AuditField }

export interface UpstreamRuntime {
  config: Upstream
  limiter: Limiter
  /** 'unknown' until probed; 'unguarded' blocks forwarding unless config says guarded: false. */
  guard: 'unknown' | 'guarded' | 'unguarded'
}

export interface GateDeps {
  authenticate: Authenticator
  routes: RouteTable
  upstreams: ReadonlyMap<string, UpstreamRuntime>
  policy: () => CompiledPolicy
  signingKey: SigningKey
  /** Published at /.well-known/jwks.json: the current key and retired keys in their window. */
  publicKeys: readonly JWK[]
  audit: AuditSink
  forward: Forwarder
  canonical: Required<CanonicalOptions>
  ttlSeconds: number
  forwardHeaders: readonly string[]
  /** Milliseconds since the epoch. */
  now: () => number
  newDecisionId: () => string
  newNonce: () => string
  /** Probes an upstream that is not known to be guarded again (rate-limited); absent in tests. */
  reprobe?: (u: UpstreamRuntime) => Promise<void>
  /** Readiness beyond upstream guarding, e.g. the audit writer has not failed. */
  ready?: () => { ok: boolean; reasons: string[] }
}
