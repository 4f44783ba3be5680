/** @module gate/tool-call: the /v1/tools transport: POST /v1/tools/{tool} through the call core. */
import { Buffer } from 'node:buffer'
import { decisionRecordFields } from '../audit/index.js'
import { VerbatimError, isVerbatimError } from '../errors/index.js'
import { checkContentHeaders, readRequestBody, toolFromTarget } from '../intake/index.js'
import type { BodyLimits } from '../intake/index.js'
import { canonicalArguments, evaluate, publicReason } from '../policy/index.js'
import type { CanonicalArguments } from '../policy/index.js'
import { relay } from './answer.js'
import { validTraceparent } from '../observe/index.js'
import { approve, ask, deliver, finishCall, refuse, startCall } from './call/index.js'
import type { ApproveInput, AskOutcome, Call } from './call/index.js'
import type { ApprovalDesk } from '../console/index.js'
import { carried, pendingReply } from './approval-http.js'
import type { GateDeps } from './deps.js'
import type { Exchange, Reply } from './http/exchange.js'
import { problemReply } from './http/problem.js'
import { toolUrl } from './routes.js'

/**
 * Reads the body under the size limit, the global budget and the body deadline; the bytes count
 * against the budget until the call is answered.
 */
export async function readCallBody(ex: Exchange, deps: GateDeps, call: Call): Promise<Uint8Array> {
  const extra: Pick<BodyLimits, 'budget' | 'deadline'> = {}
  if (deps.bodyBudget !== undefined) extra.budget = deps.bodyBudget
  if (deps.bodyDeadline !== undefined) extra.deadline = deps.bodyDeadline
  const body = await readRequestBody(ex.incoming, { body: ex.webBody ?? (() => null), header: ex.header }, deps.canonical.maxBytes, extra)
  const budget = deps.bodyBudget
  if (budget !== undefined) call.onDone.push(() => budget.give(body.byteLength))
  return body
}

export async function handleToolCall(ex: Exchange, deps: GateDeps): Promise<Reply> {
  const call = startCall(deps, { method: ex.method, target: ex.target.slice(0, 256) })
  let reply: Reply
  try {
    reply = await toolCall(ex, deps, call)
  } catch (err) {
    const r = await refuse(deps, call, err)
    reply = problemReply(r.error, r.decisionId)
  }
  finishCall(deps, call, reply.status)
  return reply
}

/** intake → canonical → policy → approve (bind, write-ahead) → deliver (forward, receipt) → relay. */
async function toolCall(ex: Exchange, deps: GateDeps, call: Call): Promise<Reply> {
  const trail = call.trail
  const traceparent = validTraceparent(ex.header('traceparent'))
  if (traceparent !== undefined) trail.traceparent = traceparent
  if (ex.method !== 'POST') throw new VerbatimError('ERR_INTAKE_METHOD', 'tool calls are POST')
  const tool = toolFromTarget(String(trail.target))
  trail.tool = tool
  const agent = deps.authenticate(ex.header('authorization'))
  trail.agent = agent
  const upstream = deps.upstreams.get(deps.routes(tool).name)
  if (!upstream) throw new VerbatimError('ERR_GATE_UNKNOWN_TOOL', `no upstream for tool '${tool}'`)
  trail.audience = upstream.config.audience

  checkContentHeaders(ex.header('content-type'), ex.header('content-encoding'))
  const body = await readCallBody(ex, deps, call)
  let canonical: CanonicalArguments
  try {
    canonical = canonicalArguments(body, deps.canonical)
  } catch (e) {
    if (isVerbatimError(e) && typeof e.detail?.['digest'] === 'string') trail.digest = e.detail['digest']
    throw e
  }
  trail.digest = Buffer.from(canonical.digest).toString('hex')

  // Decide on the value parsed from the canonical bytes (DESIGN invariant 1).
  const decision = evaluate(deps.policy(), { agent, tool, value: canonical.value })
  Object.assign(trail, decisionRecordFields(decision, canonical.value, deps.auditArguments))
  if (decision.decision === 'deny') throw new VerbatimError(decision.code ?? 'ERR_POLICY_NO_MATCH', publicReason(decision))
  const bind: ApproveInput = {
    agent, tool, upstream, method: 'POST', url: toolUrl(upstream.config.url, tool), bytes: canonical.bytes, policyDigest: decision.policyDigest,
  }
  const headers = forwardedHeaders(ex, deps, traceparent)
  if (decision.decision === 'allow') return relay(await deliver(deps, call, await approve(deps, call, bind), headers), call.decisionId, call.retryAfter)

  // An ask: the call runs once a person approved exactly these bytes (docs/approvals.md).
  const named = ex.header('verbatim-approval-id')
  // An agent that hangs up while its call is held leaves the approval for its next call.
  const gone = new AbortController()
  const socket = ex.incoming?.socket
  const hangUp = (): void => gone.abort()
  socket?.once('close', hangUp)
  const out = await ask(deps, call, {
    agent, tool, audience: upstream.config.audience, approved: canonical.bytes, decision, holdMs: (deps.approvals?.config.holdSeconds ?? 0) * 1000, gone: gone.signal, ...(named === undefined ? {} : { named }),
  }).finally(() => socket?.off('close', hangUp))
  if (out.kind === 'pending') return pendingReply(deps.approvals as ApprovalDesk, out.entry, call.decisionId)
  return runApproved(deps, call, out, { ...bind, approval: carried(out.entry, out.votes) }, headers)
}

/** The trace context travels outside the signed bytes, so a call can be followed to the tool; and the headers forward.headers lists. */
function forwardedHeaders(ex: Exchange, deps: GateDeps, traceparent: string | undefined): Record<string, string> {
  const forwarded: Record<string, string> = traceparent === undefined ? {} : { traceparent }
  for (const name of deps.forwardHeaders) {
    const v = ex.header(name)
    if (v !== undefined) forwarded[name] = v
  }
  return forwarded
}

/**
 * Binds and delivers an approved call. A call that was held (its own decision is the `ask`) runs
 * under a decision of its own, recorded as asked by the first; a failure before that decision is
 * durable forwarded nothing, so the approval is given back for the next try.
 */
async function runApproved(deps: GateDeps, call: Call, out: AskOutcome & { kind: 'granted' }, bind: ApproveInput, headers: Record<string, string>): Promise<Reply> {
  const id = out.entry.target.approvalId
  const reason = `allowed by rule ${out.entry.call.ruleIds.join(', ')} with approval ${id} by ${out.votes.map((v) => v.approver).join(' and ')}`
  const named = (r: Reply): Reply => ({ ...r, headers: { ...r.headers, 'verbatim-approval-id': id } })
  if (!out.asked) {
    Object.assign(call.trail, { approvalId: id, approvalDigest: out.entry.target.digest, reason })
    try {
      return named(relay(await deliver(deps, call, await approve(deps, call, bind), headers), call.decisionId, call.retryAfter))
    } catch (err) {
      if (call.recorded !== true) deps.approvals?.book.untake(id, call.decisionId)
      throw err
    }
  }
  const run = continuation(deps, call, out.decisionId, id)
  run.trail.reason = reason
  let reply: Reply
  try {
    reply = relay(await deliver(deps, run, await approve(deps, run, bind), headers), run.decisionId, run.retryAfter)
  } catch (err) {
    if (run.recorded !== true) deps.approvals?.book.untake(id, run.decisionId)
    const r = await refuse(deps, run, err)
    reply = problemReply(r.error, r.decisionId)
  }
  finishCall(deps, run, reply.status)
  return named(reply)
}

/** The decision an approved call runs under, after its first was recorded as `ask`: the same call, asked by that one. */
function continuation(deps: GateDeps, asked: Call, decisionId: string, approvalId: string): Call {
  const { decisionId: _d, verdict: _v, approvalExpires: _e, opened: _o, code: _c, message: _m, ...rest } = asked.trail
  return { decisionId, trail: { decisionId, ...rest, approvalId, askedBy: asked.decisionId }, onDone: [], started: deps.now() }
}
