/** @module audit/report: the auditor's report as data: rates, a timeline per agent, top denials, reconcile and integrity; pure. */
import type { AuditFilter } from './filter.js';
import type { ReconcileRun } from './reconcile-run.js';
import type { ReconcileClass, ReconcileItem } from './reconcile-types.js';
import type { AuditRecord } from './types.js';
export type Verdict = 'allow' | 'deny' | 'reject';
type Counts = Record<Verdict, number>;
/** Counts decisions as the gate log is read: per verdict, per agent over time, and what was denied. */
export declare class DecisionStats {
    #private;
    readonly totals: Counts;
    readonly deniedTools: Map<string, number>;
    readonly deniedRules: Map<string, number>;
    readonly rejectCodes: Map<string, number>;
    constructor(filter: AuditFilter);
    add(r: AuditRecord): void;
    /** The timeline: the narrowest width that fits the span, and per agent a count per bucket and verdict. */
    timeline(): Timeline;
}
export interface Timeline {
    startMs: number;
    widthMs: number;
    buckets: number;
    agents: {
        agent: string;
        calls: number;
        allow: number;
        deny: number;
        reject: number;
        series: Counts[];
    }[];
}
export interface ReportModel {
    ok: boolean;
    now: number;
    graceMs: number;
    trusted: boolean;
    filter: AuditFilter;
    calls: {
        total: number;
        allow: number;
        deny: number;
        reject: number;
        rates: Record<Verdict, number>;
    };
    timeline: Timeline;
    logs: {
        role: string;
        log: string;
        process: string;
        records: number;
        checkpoints: number;
        unsignedTail: number;
        lastCheckpoint: {
            seq: number;
            size: number;
            root: string;
        } | null;
        signatures: 'ok' | 'faults';
        faults: {
            kind: string;
            file: string;
            line: number;
            seq: number | null;
            message: string;
        }[];
        notes: string[];
    }[];
    classes: Record<ReconcileClass, number>;
    violations: number;
    offending: ReconcileItem[];
    /** Offending items left out of `offending` beyond the report's limit. */
    offendingOmitted: number;
    executor: {
        succeeded: number;
        failed: number;
        noReceipt: number;
    };
    failedCalls: ReconcileItem[];
    refusedByGuard: number;
    refusals: Record<string, number>;
    probes: number;
    pending: number;
    deniedNotRun: number;
    topDeniedTools: {
        name: string;
        count: number;
    }[];
    topDeniedRules: {
        name: string;
        count: number;
    }[];
    rejectCodes: {
        name: string;
        count: number;
    }[];
}
/** The report from one reconcile run and the decision statistics gathered in the same pass. */
export declare function buildReport(run: ReconcileRun, stats: DecisionStats, o: {
    now: number;
    graceMs: number;
    trusted: boolean;
    filter: AuditFilter;
    maxOffending?: number;
}): ReportModel;
export {};
