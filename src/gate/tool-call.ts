/** @module gate/tool-call: POST /v1/tools/{tool}: intake → canonical → policy → audit → bind → forward. */
import { Buffer } from 'node:buffer'
import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { decisionRecordFields } from '../audit/index.js'
import { signBinding } from '../binding/index.js'
import { VerbatimError, isVerbatimError } from '../errors/index.js'
import { checkContentHeaders, readRequestBody, toolFromTarget } from '../intake/index.js'
import { canonicalArguments, evaluate, publicReason } from '../policy/index.js'
import type { CanonicalArguments } from '../policy/index.js'
import type { AuditField, GateDeps, UpstreamRuntime } from './deps.js'
import type { ForwardResponse } from './forward.js'
import { checkAnswer, receiptFailure, relay, singleHeader } from './answer.js'
import { toolUrl } from './routes.js'
import { problemResponse } from './problem-response.js'

/** The raw request-target, before any URL parser removed dot segments or decoded escapes. */
export function rawTarget(c: Context): string {
  const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming
  if (incoming?.url !== undefined) return incoming.url
  const u = new URL(c.req.url)
  return u.pathname + u.search
}

/** Fields of the request's `decision` audit record, filled in as the pipeline learns them. */
type Trail = Record<string, AuditField>

export async function handleToolCall(c: Context, deps: GateDeps): Promise<Response> {
  const decisionId = deps.newDecisionId()
  const trail: Trail = { decisionId, method: c.req.method, target: rawTarget(c).slice(0, 256) }
  const release: Array<() => void> = []
  try {
    return await pipeline(c, deps, decisionId, trail, release)
  } catch (err) {
    const e = isVerbatimError(err) ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err })
    const log = gateLog(deps)
    // Only our own faults carry a stack trace; a client's (a hang-up, a bad body) is one audited line.
    if (e.code === 'ERR_INTERNAL') log(`verbatim gate: internal error on ${decisionId}: ${(err as Error).stack ?? String(err)}`)
    if (trail.verdict === undefined) {
      trail.verdict = e.code.startsWith('ERR_POLICY_') ? 'deny' : 'reject'
      trail.code = e.code
      trail.message ??= e.message.slice(0, 500)
      // Rejections are audited too; an audit failure here cannot make a refusal any safer.
      await deps.audit.append('decision', trail).catch((auditErr: unknown) => log(`verbatim gate: audit of a rejection failed: ${String(auditErr)}`))
    }
    return problemResponse(c, e, decisionId)
  } finally {
    for (const r of release) r()
  }
}

async function pipeline(c: Context, deps: GateDeps, decisionId: string, trail: Trail, release: Array<() => void>): Promise<Response> {
  if (c.req.method !== 'POST') throw new VerbatimError('ERR_INTAKE_METHOD', 'tool calls are POST')
  const tool = toolFromTarget(String(trail.target))
  trail.tool = tool
  const agent = deps.authenticate(c.req.header('authorization'))
  trail.agent = agent
  const upstream = deps.upstreams.get(deps.routes(tool).name)
  if (!upstream) throw new VerbatimError('ERR_GATE_UNKNOWN_TOOL', `no upstream for tool '${tool}'`)
  trail.audience = upstream.config.audience

  checkContentHeaders(c.req.header('content-type'), c.req.header('content-encoding'))
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  const extra: Parameters<typeof readRequestBody>[3] = {}
  if (deps.bodyBudget !== undefined) extra.budget = deps.bodyBudget
  if (deps.bodyDeadline !== undefined) extra.signal = deps.bodyDeadline()
  const body = await readRequestBody(incoming, { body: () => c.req.raw.body, header: (n) => c.req.header(n) }, deps.canonical.maxBytes, extra)
  // The body's bytes count against the global budget until this request is answered.
  if (deps.bodyBudget !== undefined) {
    const budget = deps.bodyBudget
    const held = body.byteLength
    release.push(() => budget.give(held))
  }
  let canonical: CanonicalArguments
  try {
    canonical = canonicalArguments(body, deps.canonical)
  } catch (e) {
    if (isVerbatimError(e) && typeof e.detail?.['digest'] === 'string') trail.digest = e.detail['digest']
    throw e
  }
  trail.digest = Buffer.from(canonical.digest).toString('hex')

  // Decide on the value parsed from the canonical bytes (DESIGN invariant 1).
  const policy = deps.policy()
  const decision = evaluate(policy, { agent, tool, value: canonical.value })
  Object.assign(trail, decisionRecordFields(decision, canonical.value, deps.auditArguments))
  if (decision.decision !== 'allow') {
    throw new VerbatimError(decision.code ?? 'ERR_POLICY_NO_MATCH', publicReason(decision))
  }
  // Fail closed until a probe shows the executor checks bindings (DESIGN invariant 4). Nothing waits
  // for the probe outside the concurrency limit: the call fails at once and a probe starts behind it.
  if (upstream.config.guarded && upstream.guard !== 'guarded') {
    void deps.reprobe?.(upstream).catch(() => undefined)
    throw notGuarded(upstream)
  }

  const url = toolUrl(upstream.config.url, tool)
  const path = url.pathname
  const binding = signBinding({
    method: 'POST',
    path,
    body: canonical.bytes,
    decision: { id: decisionId, agent, tool, policyDigest: decision.policyDigest, audience: upstream.config.audience },
    key: deps.signingKey,
    now: Math.floor(deps.now() / 1000),
    ttlSeconds: deps.ttlSeconds,
    nonce: deps.newNonce(),
  })
  Object.assign(trail, { verdict: 'allow', target: path, keyid: deps.signingKey.kid, nonce: binding.nonce, created: binding.created, expires: binding.expires })

  // Write-ahead: the approval is durable before a byte goes upstream (DESIGN invariant 6).
  try {
    await deps.audit.append('decision', trail)
  } catch (cause) {
    throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'the approval could not be made durable; nothing was forwarded', { cause })
  }

  const headers: Record<string, string> = { 'content-type': 'application/json', ...binding.headers }
  for (const name of deps.forwardHeaders) {
    const v = c.req.header(name)
    if (v !== undefined && !(name in headers)) headers[name] = v
  }
  const started = deps.now()
  let failure: VerbatimError | undefined
  let res: ForwardResponse | undefined
  try {
    res = await upstream.limiter.run(() =>
      deps.forward({ url, headers, body: canonical.bytes, timeoutMs: upstream.config.timeoutMs, maxResponseBytes: upstream.config.maxResponseBytes }),
    )
  } catch (err) {
    failure = isVerbatimError(err) ? err : new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', 'forward failed', { cause: err })
  }
  const forwardRecord: Record<string, AuditField> = { decisionId, status: res?.status ?? 0, latencyMs: deps.now() - started }
  const receipt = singleHeader(res?.headers['verbatim-receipt'])
  if (receipt !== undefined) forwardRecord.receipt = receipt
  if (res !== undefined) {
    const check = await checkAnswer(res, { decisionId, digest: String(trail.digest) }, upstream)
    if (check.ok && check.refusal) forwardRecord.refusedByGuard = true
    if (!check.ok) {
      // Fail closed for later calls: the answer may be another call's, or nothing checked this one.
      upstream.guard = 'unguarded'
      upstream.guardDetail = `receipt fault: ${check.fault.message}`
      upstream.receiptFault = true
      gateLog(deps)(
        `verbatim gate: RECEIPT FAULT from upstream '${upstream.config.name}' on decision ${decisionId}: ${check.fault.message}. Its answer is withheld and the upstream is marked unguarded until a periodic probe passes.`,
      )
      failure = receiptFailure(upstream, check.fault)
      forwardRecord.receiptFault = check.fault.message.slice(0, 500)
    }
  }
  if (failure) forwardRecord.code = failure.code
  try {
    await deps.audit.append('forward', forwardRecord)
  } catch (cause) {
    // The agent must not see an outcome the log cannot show; but the call did go out, so it is told
    // not to repeat it blindly (no Retry-After).
    throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'the call was forwarded, but its outcome could not be made durable; do not repeat it without checking', { cause, detail: { forwarded: true } })
  }
  if (failure || !res) throw failure ?? new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE')
  return relay(res, decisionId)
}

/** Why the gate will not forward to an upstream right now (DESIGN invariant 4: fail closed). */
function notGuarded(u: UpstreamRuntime): VerbatimError {
  const name = u.config.name
  const why = u.guardDetail ? ` (${u.guardDetail})` : ''
  if (u.guard === 'unguarded') return new VerbatimError('ERR_GATE_UPSTREAM_UNGUARDED', `upstream '${name}' is not verified to check bindings${why}`)
  if (u.guard === 'misconfigured') return new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream '${name}' has a guard that refuses correctly signed requests${why}`)
  return new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream '${name}' has not answered the guard probes${why}`)
}

function gateLog(deps: GateDeps): (line: string) => void {
  return deps.log ?? ((l: string) => process.stderr.write(`${l}\n`))
}
