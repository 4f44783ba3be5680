import type { CompiledPolicy } from './compile.js';
/**
 * One rule or condition. A rule is exercised when some case matched it. A condition is exercised
 * when some case made it hold and some case made it fail: a condition that never failed in a test
 * is a restriction nobody has tested.
 */
export interface CoverageItem {
    readonly kind: 'rule' | 'condition';
    readonly file: string;
    readonly line: number;
    readonly col: number;
    readonly rule: string;
    /** e.g. "rule fs-read" or "fs-read when.0.anyOf.1 (/path pattern)". */
    readonly label: string;
    /** Times it held (a rule: matched), and times it did not, over every case that reached it. */
    readonly held: number;
    readonly failed: number;
    readonly exercised: boolean;
}
export interface PolicyCoverage {
    readonly items: readonly CoverageItem[];
    readonly exercised: number;
    readonly total: number;
    /** exercised / total × 100; 100 for a policy with no rules. */
    readonly percent: number;
}
/** Runs every case of the policy's tests: (bodies the gate refuses reach no rule) and counts what each reached. */
export declare function policyCoverage(policy: CompiledPolicy): PolicyCoverage;
