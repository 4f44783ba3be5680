/** @module observe/trace: the W3C Trace Context `traceparent` header, accepted only in its one valid spelling. */
// W3C Trace Context §3.2: version "00", 32 hex trace-id, 16 hex parent-id, 2 hex flags; all-zero ids are invalid.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/**
 * The agent's traceparent when it is valid, else undefined (an invalid one is dropped, as §3.2.2 says
 * a receiver must): it is recorded in the decision record, logged, and passed to the executor outside
 * the signed bytes, so one call can be followed across agent, gate, guard and tool.
 */
export function validTraceparent(v) {
    if (v === undefined)
        return undefined;
    const m = TRACEPARENT.exec(v.trim());
    if (m === null || /^0+$/.test(m[1] ?? '') || /^0+$/.test(m[2] ?? ''))
        return undefined;
    return v.trim();
}
//# sourceMappingURL=trace.js.map