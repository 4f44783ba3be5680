import type { JsonValue } from './json.js';
import type { Condition, Operator } from './schema.js';
import type { Path } from './source.js';
/** A compiled condition. `value` is the base it is evaluated against (the args, or an element). */
export interface Check {
    readonly op: Operator;
    readonly pointer: string | undefined;
    /** The pointers, from the base, whose values it reads (a combinator: its conditions'); `audit explain` matches them against redactions. */
    readonly reads: readonly string[];
    holds(base: JsonValue | undefined): boolean;
    /** Why the condition did or did not hold, for reasons; recomputes, so call it off the hot path. */
    why(base: JsonValue | undefined): string;
}
export type FaultSink = (path: Path, message: string) => void;
/** A short JSON rendering of a value for reasons. */
export declare function show(v: JsonValue | undefined): string;
/** The pointers a condition reads, from its base: its own, or its nested conditions' under it (`each`: the whole array). */
export declare function conditionReads(c: Condition): string[];
/** Compiles one condition at `path`; a pattern RE2 refuses goes to `sink` (the schema refuses it first). */
export declare function compileCondition(c: Condition, path: Path, sink: FaultSink): Check;
