/** @module gate/tool-call: the /v1/tools transport: POST /v1/tools/{tool} through the call core. */
import { Buffer } from 'node:buffer'
import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { VerbatimError, isVerbatimError } from '../errors/index.js'
import { checkContentHeaders, readRequestBody, toolFromTarget } from '../intake/index.js'
import type { BodyLimits } from '../intake/index.js'
import { canonicalArguments, evaluate, publicReason } from '../policy/index.js'
import type { CanonicalArguments } from '../policy/index.js'
import { relay } from './answer.js'
import { approve, deliver, finishCall, refuse, startCall } from './call/index.js'
import type { Call } from './call/index.js'
import type { GateDeps } from './deps.js'
import { problemResponse } from './problem-response.js'
import { toolUrl } from './routes.js'

/** The raw request-target, before any URL parser removed dot segments or decoded escapes. */
export function rawTarget(c: Context): string {
  const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming
  if (incoming?.url !== undefined) return incoming.url
  const u = new URL(c.req.url)
  return u.pathname + u.search
}

/**
 * Reads the body under the size limit, the global budget and the body deadline; the bytes count
 * against the budget until the call is answered.
 */
export async function readCallBody(c: Context, deps: GateDeps, call: Call): Promise<Uint8Array> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  const extra: Pick<BodyLimits, 'budget' | 'signal'> = {}
  if (deps.bodyBudget !== undefined) extra.budget = deps.bodyBudget
  if (deps.bodyDeadline !== undefined) extra.signal = deps.bodyDeadline()
  const body = await readRequestBody(incoming, { body: () => c.req.raw.body, header: (n) => c.req.header(n) }, deps.canonical.maxBytes, extra)
  const budget = deps.bodyBudget
  if (budget !== undefined) call.onDone.push(() => budget.give(body.byteLength))
  return body
}

export async function handleToolCall(c: Context, deps: GateDeps): Promise<Response> {
  const call = startCall(deps, { method: c.req.method, target: rawTarget(c).slice(0, 256) })
  try {
    return await toolCall(c, deps, call)
  } catch (err) {
    return problemResponse(c, await refuse(deps, call, err), call.decisionId)
  } finally {
    finishCall(call)
  }
}

/** intake → canonical → policy → approve (bind, write-ahead) → deliver (forward, receipt) → relay. */
async function toolCall(c: Context, deps: GateDeps, call: Call): Promise<Response> {
  const trail = call.trail
  if (c.req.method !== 'POST') throw new VerbatimError('ERR_INTAKE_METHOD', 'tool calls are POST')
  const tool = toolFromTarget(String(trail.target))
  trail.tool = tool
  const agent = deps.authenticate(c.req.header('authorization'))
  trail.agent = agent
  const upstream = deps.upstreams.get(deps.routes(tool).name)
  if (!upstream) throw new VerbatimError('ERR_GATE_UNKNOWN_TOOL', `no upstream for tool '${tool}'`)
  trail.audience = upstream.config.audience

  checkContentHeaders(c.req.header('content-type'), c.req.header('content-encoding'))
  const body = await readCallBody(c, deps, call)
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
  trail.policyDigest = decision.policyDigest
  trail.ruleIds = decision.ruleIds
  if (decision.decision !== 'allow') throw new VerbatimError(decision.code ?? 'ERR_POLICY_NO_MATCH', publicReason(decision))

  const approval = await approve(deps, call, {
    agent, tool, upstream, method: 'POST', url: toolUrl(upstream.config.url, tool), bytes: canonical.bytes, policyDigest: decision.policyDigest,
  })
  const forwarded: Record<string, string> = {}
  for (const name of deps.forwardHeaders) {
    const v = c.req.header(name)
    if (v !== undefined) forwarded[name] = v
  }
  return relay(await deliver(deps, call, approval, forwarded), call.decisionId)
}
