/** @module mcp/lists: list results cut down to what the agent could ever be allowed to use (pure). */
import type { JsonValue } from '../canonical/index.js';
/** Keep-predicates for each kind of listed entry. */
export interface ListFilter {
    tool(name: string): boolean;
    prompt(name: string): boolean;
    resource(uri: string): boolean;
}
export declare function isFilteredList(method: string): boolean;
/**
 * A response to a list request, with every entry the filter does not keep removed. An entry
 * without a string name (or uri) is removed too: what cannot be named cannot be decided. Returns
 * the value unchanged when it is not a successful response with such a list.
 */
export declare function filterListResponse(method: string, response: JsonValue, filter: ListFilter): {
    value: JsonValue;
    removed: number;
};
