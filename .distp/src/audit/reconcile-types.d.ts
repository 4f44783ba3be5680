/** @module audit/reconcile-types: the classes, findings and totals of a reconcile. */
import type { AuditRecord } from './types.js';
/** The bound fields an execution must share with its decision, each with the class its difference gets. */
export declare const BOUND_FIELDS: readonly [readonly ["tool", "tool-mismatch"], readonly ["agent", "agent-mismatch"], readonly ["audience", "audience-mismatch"], readonly ["method", "method-mismatch"], readonly ["target", "target-mismatch"], readonly ["policyDigest", "policy-digest-mismatch"], readonly ["keyid", "keyid-mismatch"], readonly ["nonce", "nonce-mismatch"]];
export type BoundField = (typeof BOUND_FIELDS)[number][0];
/** `ok` first, then every violation, in the order a pair is tried. */
export declare const RECONCILE_CLASSES: readonly ["ok", "approved-not-executed", "unknown-key", "executed-without-approval", "executed-after-deny", "digest-mismatch", ...("tool-mismatch" | "agent-mismatch" | "audience-mismatch" | "method-mismatch" | "target-mismatch" | "policy-digest-mismatch" | "keyid-mismatch" | "nonce-mismatch")[], "replayed", "executed-after-expiry"];
export type ReconcileClass = (typeof RECONCILE_CLASSES)[number];
/** The gate's decision, as the reconciler keeps it (compact: a million of them fit). */
export interface DecisionRef {
    /** The approved log it was read from. */
    log: string;
    seq: number;
    ts: number;
    decisionId: string;
    verdict: string;
    code?: string;
    digest?: string;
    agent?: string;
    tool?: string;
    audience?: string;
    method?: string;
    target?: string;
    policyDigest?: string;
    keyid?: string;
    nonce?: string;
    expires?: number;
}
/** One execution record of the guard, and the executed log (replica) it was read from. */
export interface ExecutionRef {
    log: string;
    seq: number;
    ts: number;
    record: AuditRecord;
}
export interface Mismatch {
    field: BoundField | 'digest';
    approved: string | null;
    executed: string | null;
}
export interface ReconcileItem {
    class: ReconcileClass;
    decisionId: string | null;
    approved: DecisionRef | null;
    executed: ExecutionRef | null;
    message: string;
    /** Every bound field that differs (the class names the first). */
    mismatched?: Mismatch[];
    /** What the executor answered, from the guard's receipt record; null when there is none (yet). */
    executorStatus?: number | null;
}
/** What the reconciler compares a finding against: the fields every read filter looks at. */
export interface PairView {
    decisionId: string | null;
    agent?: string | undefined;
    tool?: string | undefined;
    ts: number;
    verdict?: string | undefined;
    code?: string | undefined;
}
export interface ReconcileOptions {
    /** Allowance for clock skew and calls still in flight (ms). */
    graceMs: number;
    /** The auditor's clock (ms): decisions not yet expired + grace are pending, not missing. */
    now: number;
    /** Trusted binding key ids (--key/--jwks): an execution under any other is unknown-key, whatever the gate log says. */
    trustedKeyIds?: ReadonlySet<string>;
    /** Only findings and counts whose pair passes (the read filters). The join itself sees every record. */
    filter?: (v: PairView) => boolean;
    /** Keep the `ok` pairs in `items` (default true; a million-record reconcile turns it off). */
    keepOk?: boolean;
}
export interface ExecutorOutcomes {
    /** ok pairs whose executor answered 2xx or 3xx. */
    succeeded: number;
    /** ok pairs whose executor answered an error: accepted, exactly as approved, and failed. Not violations. */
    failed: number;
    /** ok pairs with no receipt record: still running, or the guard stopped before the answer. */
    noReceipt: number;
}
export interface ReconcileResult {
    counts: Record<ReconcileClass, number>;
    /** Every violation, and the ok pairs when `keepOk`. */
    items: ReconcileItem[];
    /** Allowed decisions, unexecuted, still inside expiry + grace. */
    pending: number;
    /** Decisions that denied or rejected and that nothing executed. */
    denied: number;
    /** Calls the guard refused (nothing ran), the gate's probes not counted. */
    rejectedByGuard: number;
    /** The gate's own probes (tool verbatim.probe, decision id probe-…), which a guard must refuse. */
    probes: number;
    /** Refusals by code, probes apart. */
    refusals: Record<string, number>;
    executor: ExecutorOutcomes;
    /** The ok pairs whose executor failed, with its status. */
    failedCalls: ReconcileItem[];
    /** Violations: every item whose class is not ok. */
    violations: number;
}
