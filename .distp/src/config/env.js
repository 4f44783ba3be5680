/** @module config/env: VERBATIM_… environment overrides, mapped onto the config tree by the schema's keys. */
import { VerbatimError } from '../errors/index.js';
/** camelCase → CAMEL_CASE, the spelling of one path segment in a variable name. */
function envSegment(key) {
    return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
function coerce(raw) {
    const t = raw.trim();
    if (/^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/s.test(t)) {
        try {
            return JSON.parse(t);
        }
        catch {
            return raw;
        }
    }
    return raw;
}
/** Variables of the processes themselves, never config overrides. */
const RESERVED = new Set(['VERBATIM_CONFIG', 'VERBATIM_LOG_LEVEL', 'VERBATIM_WORKER_ID', 'VERBATIM_REGENERATE_SESSION']);
/**
 * Applies overrides such as VERBATIM_LISTEN_PORT=9000 (listen.port), VERBATIM_LIMITS_MAX_BODY_BYTES,
 * VERBATIM_UPSTREAMS_0_URL (array index), or a whole subtree as JSON: VERBATIM_AGENTS='[…]'.
 * Returns the paths it set, so the start-up log can name them.
 */
export function applyEnvOverrides(tree, env, shape) {
    const applied = [];
    for (const [name, raw] of Object.entries(env)) {
        if (!name.startsWith('VERBATIM_') || raw === undefined || RESERVED.has(name))
            continue;
        if (name.startsWith('VERBATIM_TEST_') || name.startsWith('VERBATIM_TOKEN') || name.startsWith('VERBATIM_DEMO_'))
            continue;
        const path = resolvePath(name.slice('VERBATIM_'.length), shape);
        if (path === undefined)
            throw new VerbatimError('ERR_CONFIG_INVALID', `${name}: no config field matches this variable`);
        setIn(tree, path, coerce(raw));
        applied.push(`${name} -> ${path.join('.')}`);
    }
    return applied;
}
function resolvePath(rest, shape) {
    if (rest === '')
        return [];
    const idx = /^(\d+)(?:_|$)(.*)$/.exec(rest);
    if (idx && shape?.keys.includes('#')) {
        const tail = resolvePath(idx[2] ?? '', shape.child('#'));
        return tail && [Number(idx[1]), ...tail];
    }
    for (const key of shape?.keys ?? []) {
        const seg = envSegment(key);
        if (rest === seg || rest.startsWith(seg + '_')) {
            const tail = resolvePath(rest.slice(seg.length + 1), shape?.child(key));
            if (tail)
                return [key, ...tail];
        }
    }
    return undefined;
}
function setIn(tree, path, value) {
    let node = tree;
    path.forEach((key, i) => {
        if (i === path.length - 1) {
            node[key] = value;
            return;
        }
        const next = node[key];
        if (typeof next !== 'object' || next === null)
            node[key] = typeof path[i + 1] === 'number' ? [] : {};
        node = node[key];
    });
}
//# sourceMappingURL=env.js.map