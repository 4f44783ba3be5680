/** @module audit/advice: what to do next, for every fault kind and every violation class a FAILED verdict can name. */
import type { ReconcileClass } from './reconcile-types.js';
import type { AuditFaultKind } from './verify-types.js';
export declare const FAULT_ADVICE: Record<AuditFaultKind, string>;
export declare const CLASS_ADVICE: Record<Exclude<ReconcileClass, 'ok'>, string>;
/** `next: …` lines for the faults and classes found, each once, in table order. */
export declare function nextSteps(faults: Iterable<AuditFaultKind>, classes?: Iterable<ReconcileClass>): string[];
