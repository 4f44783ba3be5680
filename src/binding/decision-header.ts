/** @module binding/decision-header: the `Verbatim-Decision` header, an RFC 8941 §3.2 Dictionary. */
import { serializeDictionary } from 'structured-headers'
import type { InnerList, Item } from 'structured-headers'
import { VerbatimError } from '../errors/index.js'
import { dictionaryField } from './sf-field.js'

/** One approver of an approved call, as the decision binds them (docs/binding.md §14.2). */
export interface BoundApprover {
  /** The approver's name (approvals.groups). */
  approver: string
  /** The WebAuthn credential id, base64url without padding. */
  credentialId: string
  /** Lowercase hex SHA-256 of the RFC 8785 bytes of the assertion's parts (§14.1). */
  assertionDigest: string
}

/** The person's approval a call runs under: its id and the approvers, in the order they approved. */
export interface BoundApproval {
  id: string
  approvers: BoundApprover[]
}

/** The decision the gate binds to the bytes it forwards. */
export interface BindingDecision {
  /** Decision id, also returned to the agent as `Verbatim-Decision-Id`. */
  id: string
  /** The authenticated agent id. */
  agent: string
  /** The tool name, as in `/v1/tools/{tool}`; for MCP, the policy name `mcp:{server}/…` of the message. */
  tool: string
  /** SHA-256 of the policy set that decided, lowercase hex. */
  policyDigest: string
  /** The executor this binding is for (the upstream's configured audience). */
  audience: string
  /** MCP only: the Mcp-Session-Id the request carries (absent when it carries none). */
  session?: string
  /** MCP only: the MCP-Protocol-Version the request carries (absent when it carries none). */
  protocol?: string
  /** MCP only: SHA-256 of the Mcp-Param-* headers the request carries, lowercase hex (absent when it carries none). */
  paramHeaders?: string
  /** An ask call: the approval it runs under (docs/binding.md §14). */
  approval?: BoundApproval
  /** Set by parseDecision when the approval members are present but not as §14.2 writes them; the approval step refuses it. */
  approvalFault?: string
}

export const DECISION_HEADER = 'verbatim-decision'

// RFC 8941 §3.3.3: an sf-string holds printable ASCII only.
const SF_STRING = /^[\x20-\x7e]+$/
const HEX = /^[0-9a-f]{64}$/
/** The `policy` member (and `param-headers`): a SHA-256, exactly 32 bytes. */
export const POLICY_DIGEST_BYTES = 32

function checkString(name: string, v: string): string {
  if (!SF_STRING.test(v)) throw new VerbatimError('ERR_INTERNAL', `decision ${name} must be non-empty printable ASCII`)
  return v
}

/**
 * Serialises a decision: `id="…", agent="…", tool="…", policy=:<base64>:, aud="…"`.
 * Members in that fixed order; `policy` is the raw digest bytes as an RFC 8941 §3.3.5 Byte Sequence.
 */
export function serializeDecision(d: BindingDecision): string {
  if (!HEX.test(d.policyDigest)) throw new VerbatimError('ERR_INTERNAL', 'decision policyDigest must be 64 lowercase hex digits (SHA-256)')
  const members: Record<string, string | Buffer> = {
    id: checkString('id', d.id),
    agent: checkString('agent', d.agent),
    tool: checkString('tool', d.tool),
    policy: Buffer.from(d.policyDigest, 'hex'),
    aud: checkString('audience', d.audience),
  }
  if (d.session !== undefined) members.session = checkString('session', d.session)
  if (d.protocol !== undefined) members.protocol = checkString('protocol', d.protocol)
  if (d.paramHeaders !== undefined) {
    if (!HEX.test(d.paramHeaders)) throw new VerbatimError('ERR_INTERNAL', 'decision paramHeaders must be 64 lowercase hex digits (SHA-256)')
    members['param-headers'] = Buffer.from(d.paramHeaders, 'hex')
  }
  if (d.approval === undefined) return serializeDictionary(members)
  // §14.2: approval="<id>", approvers=("<name>";cred=:<id bytes>:;asn=:<32 bytes>: …), in the order they approved.
  const dict = new Map<string, Item | InnerList>(Object.entries(members).map(([k, v]) => [k, [v, new Map()]]))
  dict.set('approval', [checkString('approval', d.approval.id), new Map()])
  dict.set('approvers', [d.approval.approvers.map((a): Item => {
    if (!HEX.test(a.assertionDigest)) throw new VerbatimError('ERR_INTERNAL', 'an approver\'s assertionDigest must be 64 lowercase hex digits')
    return [checkString('approver', a.approver), new Map<string, Buffer>([['cred', Buffer.from(a.credentialId, 'base64url')], ['asn', Buffer.from(a.assertionDigest, 'hex')]])]
  }), new Map()])
  return serializeDictionary(dict)
}

/** The approval members, when present (§14.2); a fault is kept, not thrown: only a guard that requires approvals reads them. */
function approvalMembers(dict: Map<string, unknown>): Pick<BindingDecision, 'approval' | 'approvalFault'> {
  if (!dict.has('approval') && !dict.has('approvers')) return {}
  const id = dict.get('approval')
  const list = dict.get('approvers')
  if (!Array.isArray(id) || typeof id[0] !== 'string' || id[0] === '') return { approvalFault: 'approval is not a non-empty string' }
  if (!Array.isArray(list) || !Array.isArray(list[0]) || list[0].length === 0) return { approvalFault: 'approvers is not a non-empty inner list' }
  const approvers: BoundApprover[] = []
  for (const item of list[0] as Item[]) {
    const [name, params] = item
    const cred = params.get('cred')
    const asn = params.get('asn')
    if (typeof name !== 'string' || name === '' || !(cred instanceof ArrayBuffer) || cred.byteLength === 0 || !(asn instanceof ArrayBuffer) || asn.byteLength !== 32) {
      return { approvalFault: 'each approver is a string with cred (a byte sequence) and asn (32 bytes)' }
    }
    approvers.push({ approver: name, credentialId: Buffer.from(cred).toString('base64url'), assertionDigest: Buffer.from(asn).toString('hex') })
  }
  return { approval: { id: id[0], approvers } }
}

function member(dict: Map<string, unknown>, key: string): unknown {
  const m = dict.get(key)
  if (m === undefined) throw new VerbatimError('ERR_GUARD_PARAMS_MISSING', `Verbatim-Decision has no ${key} member`)
  if (!Array.isArray(m) || Array.isArray(m[0])) throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `Verbatim-Decision ${key} is not an item`)
  return m[0]
}

function str(dict: Map<string, unknown>, key: string): string {
  const v = member(dict, key)
  if (typeof v !== 'string' || v === '') throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `Verbatim-Decision ${key} is not a non-empty string`)
  return v
}

function bytes32(dict: Map<string, unknown>, key: string): string {
  const v = member(dict, key)
  if (!(v instanceof ArrayBuffer) || v.byteLength !== POLICY_DIGEST_BYTES) {
    throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', `Verbatim-Decision ${key} is not a ${POLICY_DIGEST_BYTES}-byte byte sequence`)
  }
  return Buffer.from(v).toString('hex')
}

/**
 * Parses a received `Verbatim-Decision` value (step 2i of docs/binding.md §6): no key written twice, then members
 * checked in the order id, agent, tool, policy, aud. Unknown members and member parameters are ignored (they are
 * signed anyway).
 */
export function parseDecision(value: string): BindingDecision {
  const dict = dictionaryField(value, 'Verbatim-Decision')
  const id = str(dict, 'id')
  const agent = str(dict, 'agent')
  const tool = str(dict, 'tool')
  const policyDigest = bytes32(dict, 'policy')
  const audience = str(dict, 'aud')
  // MCP: the session the request belongs to, when it carries one (docs/binding.md §13).
  const out: BindingDecision = { id, agent, tool, policyDigest, audience }
  if (dict.has('session')) out.session = str(dict, 'session')
  if (dict.has('protocol')) out.protocol = str(dict, 'protocol')
  if (dict.has('param-headers')) out.paramHeaders = bytes32(dict, 'param-headers')
  return { ...out, ...approvalMembers(dict) }
}
