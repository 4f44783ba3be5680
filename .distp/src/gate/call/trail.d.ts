/** @module gate/call/trail: one call's decision record, filled in as the pipeline learns it, and its refusal. */
import { VerbatimError } from '../../errors/index.js';
import type { AuditField, GateDeps } from '../deps.js';
/** Fields of the call's `decision` audit record. */
export type Trail = Record<string, AuditField>;
/** One call through the gate, whatever its transport. */
export interface Call {
    decisionId: string;
    trail: Trail;
    /** Run once the call is answered (gives back budget, …). */
    onDone: Array<() => void>;
    /** When the call arrived (deps.now()). */
    started: number;
    /** The upstream it went to, and how long it waited for it (ms). */
    upstream?: string;
    upstreamMs?: number;
}
export declare function startCall(deps: Pick<GateDeps, 'newDecisionId' | 'now'>, fields: Trail): Call;
/** Releases what the call held, then counts it (metrics) and logs its one line: ids, verdict, code, timings. */
export declare function finishCall(deps: Pick<GateDeps, 'now' | 'metrics' | 'callLog'>, call: Call, status: number): void;
export declare function gateLog(deps: Pick<GateDeps, 'log'>): (line: string) => void;
/**
 * Turns any failure into the VerbatimError the client gets, and audits it unless the call was
 * already decided (then its records tell the story). Only our own faults carry a stack trace; a
 * client's (a hang-up, a bad body) is one audited line.
 */
export declare function refuse(deps: Pick<GateDeps, 'audit' | 'log' | 'metrics'>, call: Call, err: unknown): Promise<VerbatimError>;
