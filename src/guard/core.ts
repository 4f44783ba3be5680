/** @module guard/core: the request flow both adapters share: verify, write-ahead execution record, receipt. */
import { executionRecordFields } from '../audit/index.js'
import { retryAfterSeconds, toProblem } from '../errors/index.js'
import type { Problem } from '../errors/index.js'
import { VerbatimError } from '../errors/index.js'
import type { JsonValue } from '../canonical/index.js'
import type { ReceiptSigner } from '../binding/index.js'
import { signReceipt } from '../binding/index.js'
import { MemoryReplayStore } from './replay-memory.js'
import type { GuardApprovals, GuardRequest, KeyResolver, ReplayStore, VerifiedBinding, VerifyBindingOptions } from './types.js'
import { restartFrom, verifyBinding } from './verify.js'
import type { CanonicalOptions } from '../canonical/index.js'
import { DEFAULT_SKEW_SECONDS, PROBE_TOOL, isProbeTarget } from '../binding/index.js'
import type { BodyBudget, BodyLimits } from '../intake/index.js'

/** The executed log: the audit writer (`openAuditWriter({ process: 'guard', … })`) fits. */
export interface ExecutionLog {
  /** Resolves once the record is durable; rejects (ERR_AUDIT_UNAVAILABLE) otherwise. */
  append(type: 'execution' | 'refusal' | 'receipt', fields: Record<string, JsonValue>): Promise<unknown>
}

export interface GuardOptions {
  /** This executor's audience id; bindings for any other are refused (ERR_GUARD_AUDIENCE). */
  audience: string
  keys: KeyResolver
  /** Default: a new MemoryReplayStore (and then the restart rule applies). */
  replay?: ReplayStore
  /** The executed log. Without it nothing is recorded: only for tests and experiments. */
  log?: ExecutionLog
  /** The guard's own Ed25519 key; without it no Verbatim-Receipt is sent. */
  receiptSigner?: ReceiptSigner
  skewSeconds?: number
  maxTtlSeconds?: number
  algorithms?: readonly string[]
  canonical?: CanonicalOptions
  /** Largest body read, in bytes (default 1 MiB); larger is ERR_INTAKE_TOO_LARGE before any check. */
  maxBodyBytes?: number
  /** 'tools' (default) or 'mcp': what the executor speaks (VerifyBindingOptions.profile). */
  profile?: 'tools' | 'mcp'
  /** A global budget of body bytes in flight across requests (unbounded without it). */
  bodyBudget?: BodyBudget
  /** Time for a whole body to arrive (ERR_INTAKE_BODY_TIMEOUT; unbounded without it). */
  bodyTimeoutMs?: number
  /** Clock in milliseconds (default Date.now). */
  clock?: () => number
  /** Guard start, unix seconds. Default with a volatile store: the time the guard was created. */
  startedAt?: number
  /**
   * The volatile store was refilled from the executed log (seedReplayFromLog), so it knows every
   * nonce accepted before this start and the restart rule is not needed.
   */
  replaySeeded?: boolean
  /** Called on each refusal (logging), with the request when verification refused it (isProbeTarget tells a gate probe). */
  onReject?: (error: VerbatimError, request?: GuardRequest) => void
  /** Tools that run only with a person's approval, and the approvers trusted (docs/binding.md §14); none by default. */
  approvals?: GuardApprovals
  /** Checks a verified call's path arguments on the file system before it runs (guard/paths.ts); throws ERR_GUARD_PATH_OUTSIDE. */
  pathCheck?: (verified: VerifiedBinding) => Promise<void>
}

/** A refusal may say when to come back: Retry-After in seconds (the restart window's end, a full store). */
export type CheckResult = { ok: true; verified: VerifiedBinding } | { ok: false; status: number; problem: Problem; retryAfter?: number }

export interface GuardCore {
  readonly maxBodyBytes: number
  /** True when this request carries no body by definition (an MCP GET or DELETE): do not read one. */
  bodiless(method: string): boolean
  /** What the adapters pass to intake's reader: the budget and a fresh deadline for this request. */
  bodyLimits(): Pick<BodyLimits, 'budget' | 'deadline'>
  /** Unix seconds from which fresh bindings are accepted (the restart rule's end, from the start or the store's last loss), or undefined when it does not apply. */
  readonly acceptsFrom: number | undefined
  /** Verifies, then makes the accepted execution record durable. Never throws. */
  check(request: GuardRequest, body: Uint8Array): Promise<CheckResult>
  /** Signs the receipt for an executed call (synchronous), or undefined without a signer. */
  receipt(verified: VerifiedBinding, status: number): string | undefined
  /** Appends the receipt record (best effort: the tool has run; a failure is reported to onReject). */
  recordReceipt(verified: VerifiedBinding, status: number, receipt: string | undefined): Promise<void>
}

function refusal(err: unknown): CheckResult & { ok: false } {
  const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err })
  const id = e.detail?.decisionId
  const problem = toProblem(e, typeof id === 'string' ? id : undefined)
  const r: CheckResult & { ok: false } = { ok: false, status: problem.status, problem }
  // Spread retries out rather than let every gate come back at once (DESIGN invariant 7).
  if (problem.status === 503) r.retryAfter = Number(retryAfterSeconds())
  return r
}

/** Builds the shared flow from options; `guard()` and `guardNodeHandler()` are thin adapters over it. */
export function createGuardCore(options: GuardOptions): GuardCore {
  const clock = options.clock ?? Date.now
  const replay: ReplayStore = options.replay ?? new MemoryReplayStore()
  const startedAt = options.startedAt ?? (replay.volatile === true && options.replaySeeded !== true ? Math.floor(clock() / 1000) : undefined)
  const log = options.log
  const onReject = options.onReject ?? (() => {})
  const base: Omit<VerifyBindingOptions, 'now'> = { audience: options.audience, keys: options.keys, replay }
  if (options.skewSeconds !== undefined) base.skewSeconds = options.skewSeconds
  if (options.maxTtlSeconds !== undefined) base.maxTtlSeconds = options.maxTtlSeconds
  if (options.algorithms !== undefined) base.algorithms = options.algorithms
  if (options.canonical !== undefined) base.canonical = options.canonical
  if (startedAt !== undefined) base.startedAt = startedAt
  if (options.profile !== undefined) base.profile = options.profile
  if (options.approvals !== undefined) base.approvals = options.approvals

  const skew = options.skewSeconds ?? DEFAULT_SKEW_SECONDS
  /** Unix seconds from which fresh bindings are accepted: after the guard's start or the store's last loss. */
  const acceptsFrom = (): number | undefined => {
    const from = restartFrom(startedAt, replay)
    return from === undefined ? undefined : from + skew + 1
  }
  return {
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    get acceptsFrom() {
      return acceptsFrom()
    },
    bodiless: (method) => options.profile === 'mcp' && (method === 'GET' || method === 'DELETE'),
    bodyLimits() {
      const out: Pick<BodyLimits, 'budget' | 'deadline'> = {}
      if (options.bodyBudget !== undefined) out.budget = options.bodyBudget
      const ms = options.bodyTimeoutMs
      if (ms !== undefined) out.deadline = () => AbortSignal.timeout(ms)
      return out
    },
    async check(request, body) {
      let verified: VerifiedBinding
      try {
        verified = await verifyBinding(request, body, { ...base, now: Math.floor(clock() / 1000) })
      } catch (err) {
        const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err })
        const d = e.detail
        // A refusal that carried a parseable decision is logged too, as a `refusal` (nothing was
        // executed, so the executed log holds no `execution` for it). DESIGN invariant 8: it is durable
        // before the answer names its decision; a log that cannot hold it gets a 503 that names none.
        // A gate probe's refusal is recorded marked, the unsigned one's too: reconcile counts what the guard counts.
        const probe = isProbeTarget(request.path)
        if (log !== undefined && ((d !== undefined && typeof d.decisionId === 'string') || probe)) {
          try {
            await log.append('refusal', { ...(d as Record<string, JsonValue> | undefined), code: e.code, ...(probe ? { tool: PROBE_TOOL, probe: true } : {}) })
          } catch (auditErr) {
            const u = new VerbatimError('ERR_AUDIT_UNAVAILABLE', `the refusal (${e.code}) could not be made durable, so it names no decision`, { cause: auditErr })
            onReject(u)
            return refusal(u)
          }
        }
        onReject(e, request)
        const r = refusal(e)
        // Inside the restart window the refusal says when fresh bindings are accepted again.
        const from = acceptsFrom()
        if (e.code === 'ERR_GUARD_BEFORE_START' && from !== undefined) r.retryAfter = Math.max(1, from - Math.floor(clock() / 1000))
        return r
      }
      if (options.pathCheck !== undefined) {
        try {
          await options.pathCheck(verified)
        } catch (err) {
          const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err })
          onReject(e)
          if (log !== undefined) log.append('refusal', { ...(e.detail as Record<string, JsonValue>), code: e.code }).catch(() => {})
          return refusal(e)
        }
      }
      if (log !== undefined) {
        try {
          // DESIGN invariant 6: the execution record is durable before the tool runs.
          await log.append('execution', executionRecordFields(verified, request))
        } catch (err) {
          const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'execution log append failed', { cause: err })
          onReject(e)
          return refusal(e)
        }
      }
      return { ok: true, verified }
    },
    receipt(verified, status) {
      if (options.receiptSigner === undefined) return undefined
      return signReceipt({ decisionId: verified.decisionId, digest: verified.digest, status, ts: Math.floor(clock() / 1000), aud: options.audience }, options.receiptSigner)
    },
    async recordReceipt(verified, status, receipt) {
      if (log === undefined) return
      const fields: Record<string, JsonValue> = { decisionId: verified.decisionId, digest: verified.digest, status }
      if (receipt !== undefined) fields.receipt = receipt
      try {
        await log.append('receipt', fields)
      } catch (err) {
        onReject(err instanceof VerbatimError ? err : new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'receipt record failed', { cause: err }))
      }
    },
  }
}
