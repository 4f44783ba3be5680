/** @module guard/verify: verifyBinding, steps 0-12 of docs/binding.md §6 in order; pure, time injected. */
import { checkAlg, checkAudience, checkMethod, checkDigest, checkMcpTarget, checkRestart, checkTarget, checkWindow, parseBinding, replayHoldSeconds, sha256, verifySignature, DEFAULT_SKEW_SECONDS } from '../binding/index.js'
import type { ParsedBinding, WindowOptions } from '../binding/index.js'
import { canonicalBytes } from '../canonical/index.js'
import type { Canonical } from '../canonical/index.js'
import { PARAM_HEADER_PREFIX, declaredRevision, paramHeadersDigest, readRpcMessage, routingHeaderConflict, subjectOf, transportSubject } from '../mcp/index.js'
import type { McpSubject, RpcMessage } from '../mcp/index.js'
import { VerbatimError } from '../errors/index.js'
import { isJsonContentType } from '../intake/index.js'
import type { GuardRequest, ReplayStore, VerifiedBinding, VerifyBindingOptions } from './types.js'
import { verifyApprovalStep } from './verify-approval.js'

/** What a rejected binding still tells the execution log, when its headers parsed (step 2 passed). */
export interface RejectedBindingDetail {
  decisionId: string
  agent: string
  tool: string
  keyid: string
  nonce: string
  created: number
  expires: number
  /** Hex SHA-256 of the received bytes (recomputed, whatever the header claims). */
  digest: string
  /** Present (true) when the signature verified: this refusal used the nonce, and a refill claims it again. */
  spent?: true
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)
}

const MCP_METHODS: readonly string[] = ['POST', 'GET', 'DELETE']

// RFC 9110 §5.5: a field value without its leading and trailing SP and HTAB, as for the signed fields.
function fieldValue(request: GuardRequest, name: string): string | null {
  const v = request.headers(name)
  return v === null ? null : v.replace(/^[ \t]+|[ \t]+$/g, '')
}

/**
 * 9i: the Mcp-Param-* headers the server may read are the ones the gate held to the arguments and
 * bound: their digest (docs/binding.md §13.1) equals `param-headers`, or there are none and no member.
 */
function checkParamHeaders(parsed: ParsedBinding, request: GuardRequest): void {
  const names = (request.headerNames?.() ?? []).map((n) => n.toLowerCase()).filter((n) => n.startsWith(PARAM_HEADER_PREFIX))
  const headers = [...new Set(names)].map((n) => [n, fieldValue(request, n) ?? ''] as const)
  const digest = paramHeadersDigest(headers)
  if (digest === null) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', 'an Mcp-Param-* header holds a character outside visible ASCII, SP and HTAB')
  const got = digest === undefined ? undefined : hex(digest)
  if (got !== parsed.decision.paramHeaders) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', 'the Mcp-Param-* headers are not the ones the decision binds')
}

/**
 * Step 9 under profile mcp (docs/binding.md §13.4): the method, the body's message and its name, the
 * session and revision headers, the routing headers, the revision the message declares, and the
 * Mcp-Param-* headers. Returns the strict parse of a POST body.
 */
function checkMcpRequest(parsed: ParsedBinding, request: GuardRequest, body: Uint8Array, o: VerifyBindingOptions): { canon?: Canonical; rpc?: RpcMessage } {
  // 9a: Streamable HTTP has these three; the gate signs no other.
  if (!MCP_METHODS.includes(parsed.method)) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', `method ${parsed.method} is not POST, GET or DELETE`)
  const session = fieldValue(request, 'mcp-session-id')
  const protocol = fieldValue(request, 'mcp-protocol-version')
  if (parsed.method === 'GET' || parsed.method === 'DELETE') {
    // 9b
    if (body.byteLength !== 0) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', `${parsed.method} carries no body`)
    checkMcpTarget(parsed, transportSubject(parsed.method).suffix, session, protocol) // 9d-9f
    checkParamHeaders(parsed, request) // 9i
    return {}
  }
  const canon = strictParse(body, o) // 9c
  let rpc: RpcMessage
  let subject: McpSubject
  try {
    rpc = readRpcMessage(canon.value)
    subject = subjectOf(rpc)
  } catch (e) {
    throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', `the body is not one MCP message: ${(e as Error).message}`, { cause: e })
  }
  checkMcpTarget(parsed, subject.suffix, session, protocol) // 9d-9f
  // 9g: a routing header the server may read must say what the signed body says.
  const conflict = routingHeaderConflict(subject, rpc, fieldValue(request, 'mcp-method'), fieldValue(request, 'mcp-name'))
  if (conflict !== undefined) throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', conflict)
  // 9h: a revision the message declares in its _meta is the one the decision binds (MCP 2026-07-28 basic/index).
  const declared = declaredRevision(rpc)
  if (declared !== undefined && (typeof declared !== 'string' || declared !== parsed.decision.protocol)) {
    throw new VerbatimError('ERR_GUARD_TARGET_MISMATCH', 'the revision the message declares in _meta is not the one the decision names')
  }
  checkParamHeaders(parsed, request) // 9i
  return { canon, rpc }
}

/**
 * Where the restart rule counts from: the later of the guard's start (a volatile store not refilled)
 * and the store's last loss of data, or undefined when neither applies.
 */
export function restartFrom(startedAt: number | undefined, replay: Pick<ReplayStore, 'lostAt'>): number | undefined {
  const lost = replay.lostAt
  if (startedAt === undefined) return lost
  return lost === undefined ? startedAt : Math.max(startedAt, lost)
}

/**
 * The nonce of a binding whose signature verified: claimed once, either at step 10b or, for any
 * other refusal from step 7 on, before the refusal is answered (docs/binding.md §8: any final answer
 * spends it, so a call refused once stays refused).
 */
function nonceOf(parsed: ParsedBinding, o: VerifyBindingOptions, skew: number): { claim(): Promise<boolean>; spend(): Promise<void> } {
  let tried = false
  const claim = async (): Promise<boolean> => {
    tried = true
    try {
      return await o.replay.claim(parsed.params.nonce, replayHoldSeconds(parsed.params, o.now, skew) * 1000)
    } catch (e) {
      if (e instanceof VerbatimError) throw e
      throw new VerbatimError('ERR_GUARD_REPLAY_STORE', 'replay store failed', { cause: e })
    }
  }
  // A store that cannot take it now leaves the refusal as it is; the executed log records it (spent).
  return { claim, spend: async () => void (tried ? undefined : await claim().catch(() => undefined)) }
}

/** Steps 3 to 11, after the headers parsed. `state.spent` turns true once the signature verified. */
async function verifyParsed(parsed: ParsedBinding, request: GuardRequest, body: Uint8Array, o: VerifyBindingOptions, state: { spent: boolean }): Promise<VerifiedBinding> {
  const skew = o.skewSeconds ?? DEFAULT_SKEW_SECONDS
  checkAlg(parsed, o.algorithms) // 3
  const win: WindowOptions = { skewSeconds: skew }
  if (o.maxTtlSeconds !== undefined) win.maxTtlSeconds = o.maxTtlSeconds
  checkWindow(parsed.params, o.now, win) // 4
  const key = await o.keys(parsed.params.keyid) // 5
  if (key === undefined) throw new VerbatimError('ERR_GUARD_KEY_UNKNOWN', `keyid ${parsed.params.keyid} is not trusted`)
  verifySignature(parsed, key) // 6, RFC 9421 §3.2 steps 9-10
  // From here the binding is the gate's: whatever the answer, it uses the nonce. Before, nothing
  // is claimed, so forged traffic cannot burn or flood nonces.
  state.spent = true
  const nonce = nonceOf(parsed, o, skew)
  try {
    return await verifySigned(parsed, request, body, o, skew, nonce.claim)
  } catch (e) {
    await nonce.spend()
    throw e
  }
}

/** Steps 7 to 11. */
async function verifySigned(parsed: ParsedBinding, request: GuardRequest, body: Uint8Array, o: VerifyBindingOptions, skew: number, claim: () => Promise<boolean>): Promise<VerifiedBinding> {
  checkDigest(parsed, body) // 7, RFC 9530 §2 over the raw bytes
  checkAudience(parsed, o.audience) // 8
  // 9: the target. An MCP message is read here (step 11's strict parse, moved up) to derive its name.
  let mcp: { canon?: Canonical; rpc?: RpcMessage } = {}
  if (o.profile === 'mcp') mcp = checkMcpRequest(parsed, request, body, o)
  else checkTarget(parsed)
  let canon = mcp.canon
  const rpc = mcp.rpc
  // 10a: the restart rule, from the guard's start or the store's last loss, whichever is later.
  const before = restartFrom(o.startedAt, o.replay)
  if (before !== undefined) checkRestart(parsed.params, before, skew)
  // 10b: the claim. A shared store may learn of a loss during it: then 10a again, from the loss.
  const fresh = await claim()
  const after = restartFrom(o.startedAt, o.replay)
  if (after !== undefined && after !== before) checkRestart(parsed.params, after, skew)
  if (!fresh) throw new VerbatimError('ERR_GUARD_REPLAY', 'nonce already used')
  // 11: strict parse (docs/canonical.md, its defaults unless options.canonical), then RFC 8785 bytes equal to
  // the received bytes; the tool gets the value of those bytes. A bodiless MCP GET or DELETE has none.
  const d = parsed.decision
  const out: VerifiedBinding = {
    decisionId: d.id, agent: d.agent, tool: d.tool, policyDigest: d.policyDigest, audience: d.audience,
    value: null, bytes: body, digest: '',
    keyid: parsed.params.keyid, nonce: parsed.params.nonce, created: parsed.params.created, expires: parsed.params.expires,
  }
  if (d.session !== undefined) out.session = d.session
  if (d.protocol !== undefined) out.protocol = d.protocol
  if (o.profile === 'mcp' && body.byteLength === 0 && (parsed.method === 'GET' || parsed.method === 'DELETE')) return { ...out, digest: hex(sha256(body)) }
  canon ??= strictParse(body, o)
  if (!equalBytes(canon.bytes, body)) throw new VerbatimError('ERR_GUARD_NOT_CANONICAL', 'body is not in RFC 8785 canonical form')
  out.value = canon.value
  out.digest = hex(canon.digest)
  if (rpc !== undefined) out.rpc = rpc
  // 12: a tool that runs only with a person's approval (§14.3).
  const approval = await verifyApprovalStep({
    parsed, request, body, value: canon.value, verified: out, profile: o.profile ?? 'tools', approvals: o.approvals, now: o.now, skewSeconds: skew,
    restartedAt: restartFrom(o.startedAt, o.replay),
    claim: (key, ttlMs) => o.replay.claim(key, ttlMs),
  })
  if (approval !== undefined) out.approval = approval
  return out
}

function strictParse(body: Uint8Array, o: VerifyBindingOptions): Canonical {
  try {
    return canonicalBytes(body, o.canonical)
  } catch (e) {
    throw new VerbatimError('ERR_GUARD_NOT_CANONICAL', `body does not parse strictly: ${(e as Error).message}`, { cause: e })
  }
}

/** Step 0: the body is JSON by its own account; the same rule as the gate's intake (RFC 9110 §8.3). */
function checkContentType(request: GuardRequest, body: Uint8Array, o: VerifyBindingOptions): void {
  // An MCP GET or DELETE carries no body, so no content type.
  if (o.profile === 'mcp' && body.byteLength === 0 && (request.method === 'GET' || request.method === 'DELETE')) return
  if (!isJsonContentType(request.headers('content-type'))) {
    throw new VerbatimError('ERR_GUARD_CONTENT_TYPE', 'Content-Type must be application/json, optionally with charset=utf-8')
  }
}

/**
 * Verifies a Verbatim binding (docs/binding.md §6, steps 0-11, in order; the first failure wins).
 * The adapters check the method and read the body first (checkMethod, then intake's reader:
 * ERR_INTAKE_EMPTY_BODY, ERR_INTAKE_TOO_LARGE); the method is checked here again, for callers that read their own.
 * Pure apart from the injected key resolver and replay store: `now` is unix seconds.
 * Throws a VerbatimError with an ERR_GUARD_… code; once the headers parsed, its `detail` is a
 * RejectedBindingDetail for the execution log.
 * @example
 * const v = await verifyBinding({ method: 'POST', path, query: '', headers: (n) => h.get(n) }, body,
 *   { audience: 'sandbox-1', keys, replay: new MemoryReplayStore(), now: Math.floor(Date.now() / 1000) })
 * runTool(v.tool, v.value)
 */
export async function verifyBinding(request: GuardRequest, body: Uint8Array, options: VerifyBindingOptions): Promise<VerifiedBinding> {
  checkMethod(request.method) // the pre-check, for callers that did not run it
  checkContentType(request, body, options) // 0
  const parsed = parseBinding(request) // 1, 2
  const state = { spent: false }
  try {
    return await verifyParsed(parsed, request, body, options, state)
  } catch (e) {
    if (!(e instanceof VerbatimError)) throw e
    const p = parsed.params
    const detail: RejectedBindingDetail = {
      decisionId: parsed.decision.id, agent: parsed.decision.agent, tool: parsed.decision.tool,
      keyid: p.keyid, nonce: p.nonce, created: p.created, expires: p.expires, digest: hex(sha256(body)),
    }
    if (state.spent) detail.spent = true
    throw new VerbatimError(e.code, e.message, { cause: e.cause, detail: { ...detail } })
  }
}
