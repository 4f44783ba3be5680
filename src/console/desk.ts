/**
 * @module console/desk: the approvals a gate holds at run time: the book of waiting calls, who may
 * approve (groups, enrolled passkeys), the held calls' wake-ups, and the webhook notices. Shared by
 * the agents' side (src/gate/call/ask.ts) and the approvers' console. The edge: timers and network.
 */
import type { KeyObject } from 'node:crypto'
import { ApprovalBook, signNotice } from '../approval/index.js'
import type { BookEntry, IsMember, NoticeBody, RelyingParty, Requirement } from '../approval/index.js'
import type { ApprovalsConfig } from '../config/index.js'
import { CredentialStore } from './credentials.js'

/** What a desk writes to the approved log: `approval` and `enrolment` records, durable when it resolves. */
export interface DeskAudit {
  append(type: 'approval' | 'enrolment', fields: Record<string, unknown>): Promise<unknown>
}

export interface DeskOptions {
  config: ApprovalsConfig
  /** The gate's signing key (webhook notices are signed with it; receivers check the gate's JWKS). */
  signingKey: () => { kid: string; privateKey: KeyObject }
  /** Milliseconds since the epoch. */
  now: () => number
  log: (line: string) => void
  /** Sends one notice; default fetch. Resolves with the HTTP status. */
  post?: (url: string, body: Uint8Array, headers: Record<string, string>, timeoutMs: number) => Promise<number>
}

const defaultPost = async (url: string, body: Uint8Array, headers: Record<string, string>, timeoutMs: number): Promise<number> => {
  const r = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' })
  await r.arrayBuffer().catch(() => undefined)
  return r.status
}

/** The console's relying party: its RP ID (default: the origin's host), its one origin, user verification. */
export function relyingParty(c: ApprovalsConfig['console']): RelyingParty {
  return { rpId: c.rpId ?? new URL(c.origin).hostname, origins: [c.origin], userVerification: c.userVerification }
}

export class ApprovalDesk {
  readonly book: ApprovalBook
  readonly credentials: CredentialStore
  readonly rp: RelyingParty
  readonly config: ApprovalsConfig
  readonly #o: DeskOptions
  #groups: Record<string, string[]>
  readonly #waiters = new Map<string, Set<() => void>>()

  private constructor(o: DeskOptions, credentials: CredentialStore) {
    this.#o = o
    this.config = o.config
    this.credentials = credentials
    this.#groups = o.config.groups
    this.rp = relyingParty(o.config.console)
    // Ended entries stay an hour past their expiry, for their status URL.
    this.book = new ApprovalBook({ maxPending: o.config.maxPending, maxPerAgent: o.config.maxPendingPerAgent, retainMs: 3_600_000 })
  }

  static async open(o: DeskOptions): Promise<ApprovalDesk> {
    return new ApprovalDesk(o, await CredentialStore.open(o.config.dir))
  }

  now(): number {
    return this.#o.now()
  }

  readonly isMember: IsMember = (approver, group) => this.#groups[group]?.includes(approver) === true

  /** Every group an approver is in. */
  groupsOf(approver: string): string[] {
    return Object.keys(this.#groups).filter((g) => this.isMember(approver, g))
  }

  /** Whether anyone is named in some group: only they may enrol and sign in. */
  known(approver: string): boolean {
    return this.groupsOf(approver).length > 0
  }

  /** New groups (SIGHUP): someone removed stops counting at once, for calls not yet run. */
  setGroups(groups: Record<string, string[]>): void {
    this.#groups = groups
    for (const id of this.#waiters.keys()) this.changed(id)
  }

  /** Why nobody could satisfy a requirement (its group is unknown, or has too few enrolled members), or undefined. */
  unsatisfiable(r: Requirement): string | undefined {
    const members = this.#groups[r.group]
    if (members === undefined) return `rule ${r.rule} names approver group ${r.group}, which approvals.groups does not define`
    const enrolled = members.filter((m) => this.credentials.of(m).length > 0).length
    if (enrolled < r.approvers) return `rule ${r.rule} needs ${r.approvers} approver(s) of ${r.group}, and ${enrolled} of its members have enrolled a passkey`
    return undefined
  }

  /** The console page of one call. */
  url(approvalId: string): string {
    return `${this.config.console.origin}/approvals/${encodeURIComponent(approvalId)}`
  }

  /** Shows a call to approvers and tells the webhooks (its ask record is durable). */
  publish(e: BookEntry): void {
    this.book.publish(e.target.approvalId)
    const t = e.target
    const body: NoticeBody = {
      type: 'verbatim.approval.pending', approvalId: t.approvalId, decisionId: t.decisionId, agent: t.agent, tool: t.tool, audience: t.audience,
      digest: t.digest, policyDigest: t.policyDigest, rules: [...e.call.ruleIds], reasons: [...e.call.reasons], groups: [...new Set(e.requirements.map((r) => r.group))],
      expires: t.expires, url: this.url(t.approvalId),
    }
    for (const w of this.config.webhooks) void this.#notify(w.url, body, w.timeoutMs)
  }

  async #notify(url: string, body: NoticeBody, timeoutMs: number): Promise<void> {
    const post = this.#o.post ?? defaultPost
    // One try and one more after a jittered second or two: a notice is a nudge, the console is the truth.
    for (let attempt = 0; attempt < 2; attempt++) {
      const signed = signNotice(body, url, this.#o.signingKey(), Math.floor(this.now() / 1000))
      try {
        const status = await post(url, signed.body, signed.headers, timeoutMs)
        if (status >= 200 && status < 300) return
        this.#o.log(`verbatim gate: webhook ${url} answered ${status} to the notice of approval ${body.approvalId}`)
      } catch (e) {
        this.#o.log(`verbatim gate: webhook ${url} failed for approval ${body.approvalId}: ${(e as Error).message}`)
      }
      if (attempt === 0) await new Promise((r) => setTimeout(r, 1000 + Math.floor(Math.random() * 1000)).unref())
    }
  }

  /** Resolves when the approval changes (a vote, a group change) or at `deadline` (ms), whichever comes first. */
  wait(approvalId: string, deadline: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.#waiters.get(approvalId) ?? new Set<() => void>()
      this.#waiters.set(approvalId, set)
      const done = (): void => {
        clearTimeout(timer)
        set.delete(done)
        if (set.size === 0) this.#waiters.delete(approvalId)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, deadline - this.now()))
      set.add(done)
    })
  }

  /** Wakes the calls held on an approval. */
  changed(approvalId: string): void {
    for (const f of [...(this.#waiters.get(approvalId) ?? [])]) f()
  }

  /** Ends every hold (the gate is stopping): held calls answer at once. */
  close(): void {
    for (const id of [...this.#waiters.keys()]) this.changed(id)
  }
}
