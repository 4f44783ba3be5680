/** @module observe/trace: the W3C Trace Context `traceparent` header, accepted only in its one valid spelling. */
/**
 * The agent's traceparent when it is valid, else undefined (an invalid one is dropped, as §3.2.2 says
 * a receiver must): it is recorded in the decision record, logged, and passed to the executor outside
 * the signed bytes, so one call can be followed across agent, gate, guard and tool.
 */
export declare function validTraceparent(v: string | undefined): string | undefined;
