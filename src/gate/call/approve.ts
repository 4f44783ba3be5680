/** @module gate/call/approve: an allowed call becomes an approval: guard state checked, bytes bound, decision durable. */
import { signBinding } from '../../binding/index.js'
import type { BoundApproval } from '../../binding/index.js'
import { VerbatimError } from '../../errors/index.js'
import type { GateDeps, UpstreamRuntime } from '../deps.js'
import type { Call } from './trail.js'

export interface ApproveInput {
  agent: string
  /** The name policy decided on, signed into Verbatim-Decision as `tool`. */
  tool: string
  upstream: UpstreamRuntime
  method: 'POST' | 'GET' | 'DELETE'
  /** Where the call goes; its path is signed as received by the guard. */
  url: URL
  /** Exactly the canonical bytes forwarded (empty for a bodiless request). */
  bytes: Uint8Array
  policyDigest: string
  /** MCP: the Mcp-Session-Id the request carries, bound into the decision (docs/binding.md §13). */
  session?: string
  /** MCP: the MCP-Protocol-Version forwarded, bound into the decision. */
  protocol?: string
  /** MCP: SHA-256 (hex) of the Mcp-Param-* headers forwarded, bound into the decision. */
  paramHeaders?: string
  /** False for a call that holds no concurrency slot (an MCP GET stream, which may stay open for hours). */
  limited?: boolean
  /** An ask call: the approval it runs under, bound into the decision, and its assertions for the guard (docs/binding.md §14). */
  approval?: { bound: BoundApproval; header: string }
}

/** What is forwarded: exactly these bytes, with these headers, to this URL. */
export interface Approval {
  upstream: UpstreamRuntime
  url: URL
  method: ApproveInput['method']
  bytes: Uint8Array
  /** The binding headers and the content type. */
  headers: Record<string, string>
  /** Gives back the concurrency slot (once the answer is in, or the call failed). */
  release: () => void
}

/** Why the gate will not forward to an upstream right now (DESIGN invariant 4: fail closed). */
export function notGuarded(u: UpstreamRuntime): VerbatimError {
  const name = u.config.name
  const why = u.guardDetail ? ` (${u.guardDetail})` : ''
  if (u.guard === 'unguarded') return new VerbatimError('ERR_GATE_UPSTREAM_UNGUARDED', `upstream '${name}' is not verified to check bindings${why}`)
  // Nothing was sent (detail.sent false): the answer says when to try again (Retry-After).
  if (u.guard === 'misconfigured') return new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream '${name}' has a guard that refuses correctly signed requests${why}`, { detail: { sent: false } })
  return new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream '${name}' has not answered the guard probes${why}`, { detail: { sent: false } })
}

/**
 * The allowed call is bound and made durable: the upstream must be known guarded (nothing waits
 * for a probe: the call fails at once and a probe starts behind it), its circuit closed (or trying
 * again), a concurrency slot free within the queue timeout; then the binding is signed over the exact
 * bytes (RFC 9421) and the `decision` record is durable before a byte goes upstream (DESIGN
 * invariants 4, 6 and 7). The approval holds the slot until the answer is in.
 */
export async function approve(deps: GateDeps, call: Call, a: ApproveInput): Promise<Approval> {
  const u = a.upstream
  if (u.config.guarded && u.guard !== 'guarded') {
    void deps.reprobe?.(u).catch(() => undefined)
    throw notGuarded(u)
  }
  // Shed before anything is signed or written: an open circuit fails fast, a full queue at once.
  u.circuit.admit()
  let release: () => void = () => undefined
  try {
    if (a.limited !== false) release = await u.limiter.acquire()
  } catch (err) {
    u.circuit.abandon()
    throw err
  }
  try {
    return await bindAndRecord(deps, call, a, release)
  } catch (err) {
    release()
    u.circuit.abandon()
    throw err
  }
}

async function bindAndRecord(deps: GateDeps, call: Call, a: ApproveInput, release: () => void): Promise<Approval> {
  const u = a.upstream
  const binding = signBinding({
    method: a.method,
    path: a.url.pathname,
    body: a.bytes,
    decision: {
      id: call.decisionId, agent: a.agent, tool: a.tool, policyDigest: a.policyDigest, audience: u.config.audience,
      ...(a.session === undefined ? {} : { session: a.session }), ...(a.protocol === undefined ? {} : { protocol: a.protocol }),
      ...(a.paramHeaders === undefined ? {} : { paramHeaders: a.paramHeaders }), ...(a.approval === undefined ? {} : { approval: a.approval.bound }),
    },
    key: deps.signingKey,
    now: Math.floor(deps.now() / 1000),
    ttlSeconds: deps.ttlSeconds,
    nonce: deps.newNonce(),
  })
  if (a.approval !== undefined) {
    call.trail.approvalId = a.approval.bound.id
    call.trail.approvers = a.approval.bound.approvers.map((x) => ({ ...x }))
  }
  Object.assign(call.trail, {
    verdict: 'allow', target: a.url.pathname, keyid: deps.signingKey.kid, nonce: binding.nonce, created: binding.created, expires: binding.expires,
  })
  try {
    await deps.audit.append('decision', call.trail)
    call.recorded = true
  } catch (cause) {
    throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'the approval could not be made durable; nothing was forwarded', { cause })
  }
  const headers: Record<string, string> = a.bytes.byteLength > 0 ? { 'content-type': 'application/json', ...binding.headers } : { ...binding.headers }
  if (a.approval !== undefined) headers['verbatim-approval'] = a.approval.header
  return { upstream: u, url: a.url, method: a.method, bytes: a.bytes, headers, release }
}
