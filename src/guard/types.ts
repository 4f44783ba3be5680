/** @module guard/types: what the guard verifies into, and the pluggable key and replay stores. */
import type { KeyResolver } from '../binding/index.js'
import type { CanonicalOptions, JsonValue } from '../canonical/index.js'
import type { RpcMessage } from '../mcp/index.js'
import type { GuardRequirement, TrustFile } from '../approval/index.js'

/** A binding that passed every step of docs/binding.md §6; the tool runs on `value`, parsed from `bytes`. */
export interface VerifiedBinding {
  decisionId: string
  agent: string
  tool: string
  /** Lowercase hex SHA-256 of the policy set that decided. */
  policyDigest: string
  /** The value the verified canonical bytes denote. */
  value: JsonValue
  /** The exact body bytes received, verified and canonical. */
  bytes: Uint8Array
  /** Lowercase hex SHA-256 of `bytes`, recomputed by the guard. */
  digest: string
  keyid: string
  nonce: string
  created: number
  expires: number
  audience: string
  /** MCP only: the JSON-RPC message of a POST (the value is that message). */
  rpc?: RpcMessage
  /** MCP only: the Mcp-Session-Id the decision named. */
  session?: string
  /** MCP only: the MCP-Protocol-Version the decision named (a stateless revision routes differently). */
  protocol?: string
  /** A tool the guard requires approvals for: the approval it ran under (verified, and claimed once). */
  approval?: { id: string; expires: number; approvers: string[] }
}

export type { KeyResolver } from '../binding/index.js'

/** Single-use nonce store (docs/binding.md §8). */
export interface ReplayStore {
  /** Atomically claims `nonce` for `ttlMs`; true if newly claimed, false if already held. Throws ERR_GUARD_REPLAY_STORE. */
  claim(nonce: string, ttlMs: number): Promise<boolean>
  /** True when the store forgets on restart, so the restart rule (ERR_GUARD_BEFORE_START) must apply. */
  readonly volatile?: boolean
  /**
   * A shared store that can lose its data (a restart, a flush, a failover) says when it last did,
   * in unix seconds: the restart rule then applies from that time. It may move during a claim.
   */
  readonly lostAt?: number | undefined
  /** Takes a nonce to claim before its next claim (a store that may be unreachable now); without it, refills claim at once. */
  owe?(nonce: string, ttlMs: number): void
  close?(): Promise<void>
}

/** The parts of a received request the verifier reads. `path` is as received, not decoded or normalised. */
export interface GuardRequest {
  method: string
  path: string
  /** The raw query, with or without `?`; empty when there is none. */
  query: string
  headers: (name: string) => string | null
  /**
   * The names of every header received, in any case. Under profile mcp step 9i reads the Mcp-Param-*
   * headers by it; without it the request is taken to carry none, so an adapter that passes headers
   * on to an MCP server must give it (the node and hono adapters do).
   */
  headerNames?: () => string[]
}

export interface VerifyBindingOptions {
  /** This executor's audience id (docs/binding.md §3.2 `aud`). */
  audience: string
  keys: KeyResolver
  replay: ReplayStore
  /** The guard's clock, unix seconds (injected; verifyBinding never reads a clock). */
  now: number
  /** Default 30 s. */
  skewSeconds?: number
  /** Default 300 s. */
  maxTtlSeconds?: number
  /**
   * Unix seconds the guard started. Set it with a volatile (in-memory) replay store: bindings created at or before
   * startedAt + skew are refused (the previous process may have accepted them). A store's own `lostAt` applies the same way.
   */
  startedAt?: number
  /** Algorithms allowed; default ['ed25519']. */
  algorithms?: readonly string[]
  canonical?: CanonicalOptions
  /**
   * What the executor speaks: 'tools' (default), POST /v1/tools/{tool}; or 'mcp', JSON-RPC messages
   * over Streamable HTTP (POST, and bodiless GET and DELETE), target rule of docs/binding.md §13.
   */
  profile?: 'tools' | 'mcp'
  /** Tools that run only with a person's approval, and the approvers trusted (docs/binding.md §14); none by default. */
  approvals?: GuardApprovals
}

/** What a guard requires of approvals: the approvers it trusts, and which tools need how many of which group. */
export interface GuardApprovals {
  trust: TrustFile
  require: readonly GuardRequirement[]
}
