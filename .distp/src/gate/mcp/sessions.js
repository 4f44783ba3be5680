/** @module gate/mcp/sessions: which agent opened which MCP session, and the revision negotiated for it. */
/** The MCP revisions the gate speaks (the official TypeScript SDK 1.32's); never an older one. */
export const MCP_REVISIONS = ['2025-11-25', '2025-06-18'];
/**
 * Sessions in insertion order, at most `max`: the oldest is forgotten first (its next request is
 * answered 404 and its client initializes again, as the transport specifies for a lost session).
 */
export function createMcpSessions(max = 10_000) {
    const map = new Map();
    return {
        get: (id) => map.get(id),
        set(id, s) {
            map.delete(id);
            map.set(id, s);
            while (map.size > max) {
                const oldest = map.keys().next().value;
                if (oldest === undefined)
                    break;
                map.delete(oldest);
            }
        },
        delete: (id) => void map.delete(id),
        get size() {
            return map.size;
        },
    };
}
//# sourceMappingURL=sessions.js.map