import { VerbatimError } from '../errors/index.js';
/** Exact names beat prefixes, longer prefixes beat shorter ones, `*` comes last. */
export function compileRoutes(config) {
    const byName = new Map(config.upstreams.map((u) => [u.name, u]));
    const exact = new Map();
    const prefixes = [];
    for (const route of config.routes) {
        const upstream = byName.get(route.upstream);
        if (!upstream)
            throw new VerbatimError('ERR_CONFIG_INVALID', `route names unknown upstream '${route.upstream}'`);
        for (const pattern of route.tools) {
            if (pattern.endsWith('*'))
                prefixes.push({ prefix: pattern.slice(0, -1), upstream });
            else if (!exact.has(pattern))
                exact.set(pattern, upstream);
        }
    }
    prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    return (tool) => {
        const hit = exact.get(tool) ?? prefixes.find((p) => tool.startsWith(p.prefix))?.upstream;
        if (!hit)
            throw new VerbatimError('ERR_GATE_UNKNOWN_TOOL', `no route for tool '${tool}'`);
        return hit;
    };
}
/** `{upstream.url}/v1/tools/{tool}`, keeping any path prefix of the upstream URL. */
export function toolUrl(base, tool) {
    const u = new URL(base);
    u.pathname = `${u.pathname.replace(/\/+$/, '')}/v1/tools/${tool}`;
    u.search = '';
    return u;
}
//# sourceMappingURL=routes.js.map