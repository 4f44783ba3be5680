import type { Problem } from '../errors/index.js';
import { VerbatimError } from '../errors/index.js';
import type { JsonValue } from '../canonical/index.js';
import type { ReceiptSigner } from '../binding/index.js';
import type { GuardRequest, KeyResolver, ReplayStore, VerifiedBinding } from './types.js';
import type { CanonicalOptions } from '../canonical/index.js';
import type { BodyBudget, BodyLimits } from '../intake/index.js';
/** The executed log: the audit writer (`openAuditWriter({ process: 'guard', … })`) fits. */
export interface ExecutionLog {
    /** Resolves once the record is durable; rejects (ERR_AUDIT_UNAVAILABLE) otherwise. */
    append(type: 'execution' | 'refusal' | 'receipt', fields: Record<string, JsonValue>): Promise<unknown>;
}
export interface GuardOptions {
    /** This executor's audience id; bindings for any other are refused (ERR_GUARD_AUDIENCE). */
    audience: string;
    keys: KeyResolver;
    /** Default: a new MemoryReplayStore (and then the restart rule applies). */
    replay?: ReplayStore;
    /** The executed log. Without it nothing is recorded: only for tests and experiments. */
    log?: ExecutionLog;
    /** The guard's own Ed25519 key; without it no Verbatim-Receipt is sent. */
    receiptSigner?: ReceiptSigner;
    skewSeconds?: number;
    maxTtlSeconds?: number;
    algorithms?: readonly string[];
    canonical?: CanonicalOptions;
    /** Largest body read, in bytes (default 1 MiB); larger is ERR_INTAKE_TOO_LARGE before any check. */
    maxBodyBytes?: number;
    /** 'tools' (default) or 'mcp': what the executor speaks (VerifyBindingOptions.profile). */
    profile?: 'tools' | 'mcp';
    /** A global budget of body bytes in flight across requests (unbounded without it). */
    bodyBudget?: BodyBudget;
    /** Time for a whole body to arrive (ERR_INTAKE_BODY_TIMEOUT; unbounded without it). */
    bodyTimeoutMs?: number;
    /** Clock in milliseconds (default Date.now). */
    clock?: () => number;
    /** Guard start, unix seconds. Default with a volatile store: the time the guard was created. */
    startedAt?: number;
    /**
     * The volatile store was refilled from the executed log (seedReplayFromLog), so it knows every
     * nonce accepted before this start and the restart rule is not needed.
     */
    replaySeeded?: boolean;
    /** Called on each refusal (logging). */
    onReject?: (error: VerbatimError) => void;
}
/** A refusal may say when to come back: Retry-After in seconds (the restart window's end, a full store). */
export type CheckResult = {
    ok: true;
    verified: VerifiedBinding;
} | {
    ok: false;
    status: number;
    problem: Problem;
    retryAfter?: number;
};
export interface GuardCore {
    readonly maxBodyBytes: number;
    /** True when this request carries no body by definition (an MCP GET or DELETE): do not read one. */
    bodiless(method: string): boolean;
    /** What the adapters pass to intake's reader: the budget and a fresh deadline for this request. */
    bodyLimits(): Pick<BodyLimits, 'budget' | 'signal'>;
    /** Unix seconds from which fresh bindings are accepted (the restart rule's end), or undefined when it does not apply. */
    readonly acceptsFrom: number | undefined;
    /** Verifies, then makes the accepted execution record durable. Never throws. */
    check(request: GuardRequest, body: Uint8Array): Promise<CheckResult>;
    /** Signs the receipt for an executed call (synchronous), or undefined without a signer. */
    receipt(verified: VerifiedBinding, status: number): string | undefined;
    /** Appends the receipt record (best effort: the tool has run; a failure is reported to onReject). */
    recordReceipt(verified: VerifiedBinding, status: number, receipt: string | undefined): Promise<void>;
}
/** Builds the shared flow from options; `guard()` and `guardNodeHandler()` are thin adapters over it. */
export declare function createGuardCore(options: GuardOptions): GuardCore;
