/** The list methods whose results are filtered, and the member that holds their entries. */
const LISTS = {
    'tools/list': { member: 'tools', key: 'name', keep: 'tool' },
    'prompts/list': { member: 'prompts', key: 'name', keep: 'prompt' },
    'resources/list': { member: 'resources', key: 'uri', keep: 'resource' },
};
export function isFilteredList(method) {
    return Object.hasOwn(LISTS, method);
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * A response to a list request, with every entry the filter does not keep removed. An entry
 * without a string name (or uri) is removed too: what cannot be named cannot be decided. Returns
 * the value unchanged when it is not a successful response with such a list.
 */
export function filterListResponse(method, response, filter) {
    const list = LISTS[method];
    if (list === undefined || !isObject(response) || !isObject(response['result']))
        return { value: response, removed: 0 };
    const result = response['result'];
    const entries = result[list.member];
    if (!Array.isArray(entries))
        return { value: response, removed: 0 };
    const kept = entries.filter((e) => {
        const key = isObject(e) ? e[list.key] : undefined;
        return typeof key === 'string' && filter[list.keep](key);
    });
    return { value: { ...response, result: { ...result, [list.member]: kept } }, removed: entries.length - kept.length };
}
//# sourceMappingURL=lists.js.map