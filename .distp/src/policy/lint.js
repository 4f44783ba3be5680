/** @module policy/lint: dead rules: agents no one is, tools no route serves, conditions a tool's input schema rules out. */
import { rootNode } from './input-schema.js';
import { checkConditions } from './lint-schema.js';
import { PolicyFileSchema } from './schema.js';
import { parseSource } from './source.js';
import { closestName } from './suggest.js';
import { sortFaults } from './compile.js';
const isPrefix = (t) => t.endsWith('*');
/** The upstream whose route serves `tool`, as the gate's route table picks it (exact, then longest prefix). */
function routeOf(tool, routes) {
    let best;
    for (const r of routes) {
        for (const p of r.tools) {
            if (p === tool)
                return r.upstream;
            if (isPrefix(p) && tool.startsWith(p.slice(0, -1)) && (best === undefined || p.length - 1 > best.len))
                best = { len: p.length - 1, upstream: r.upstream };
        }
    }
    return best?.upstream;
}
/** True when some route or known tool could serve a tool that the rule pattern `p*` covers. */
function prefixServed(prefix, patterns, names) {
    return patterns.some((q) => (isPrefix(q) ? q.slice(0, -1).startsWith(prefix) || prefix.startsWith(q.slice(0, -1)) : q.startsWith(prefix)))
        || names.some((n) => n.startsWith(prefix));
}
function hint(best, list, what) {
    if (best !== undefined)
        return `; did you mean '${best}'?`;
    return list.length > 0 && list.length <= 12 ? ` (${what}: ${list.join(', ')})` : '';
}
function lintRule(i, rule, ctx, nodes) {
    const out = [];
    const at = (path, message) => {
        const full = ['rules', i, ...path];
        out.push({ path: full, message: `${full.map(String).join('.')}: ${message}` });
    };
    if (ctx.agents !== undefined) {
        rule.agents.forEach((a, j) => {
            if (a === '*' || ctx.agents?.includes(a))
                return;
            at(['agents', j], `unknown agent '${a}'${hint(closestName(a, ctx.agents ?? []), ctx.agents ?? [], 'agents')}`);
        });
    }
    const names = (ctx.tools ?? []).map((t) => t.name);
    if (ctx.routes !== undefined) {
        const patterns = ctx.routes.flatMap((r) => r.tools);
        const exact = [...new Set([...patterns.filter((t) => !isPrefix(t)), ...names, ...[...(ctx.upstreamTools?.values() ?? [])].flat()])];
        rule.tools.forEach((t, j) => {
            if (isPrefix(t)) {
                if (t === '*' || prefixServed(t.slice(0, -1), patterns, names))
                    return;
                at(['tools', j], `no route serves a tool matching '${t}'${hint(closestName(t, patterns.filter(isPrefix)), [], '')}`);
                return;
            }
            const upstream = routeOf(t, ctx.routes ?? []);
            if (upstream === undefined) {
                if (!names.includes(t))
                    at(['tools', j], `no route serves tool '${t}'${hint(closestName(t, exact), [], '')}`);
                return;
            }
            const listed = ctx.upstreamTools?.get(upstream);
            if (listed !== undefined && !listed.includes(t)) {
                at(['tools', j], `upstream '${upstream}' does not list tool '${t}'${hint(closestName(t, listed), listed, 'its tools')}`);
            }
        });
    }
    // Each condition against the schema of every known tool the rule covers; one finding per mismatch,
    // naming the tools it holds for.
    const covered = [...new Set(rule.tools.flatMap((t) => [...nodes.keys()].filter((n) => (isPrefix(t) ? n.startsWith(t.slice(0, -1)) : n === t))))];
    const found = new Map();
    for (const tool of covered) {
        for (const { node, name } of nodes.get(tool) ?? []) {
            for (const prob of checkConditions(rule.when ?? [], node)) {
                const k = `${prob.path.map(String).join('.')}\u0000${prob.text}`;
                const f = found.get(k);
                if (f === undefined)
                    found.set(k, { ...prob, tools: [name] });
                else if (!f.tools.includes(name))
                    f.tools.push(name);
            }
        }
    }
    const named = new Set(rule.tools);
    for (const f of found.values()) {
        // Wrong for every tool the rule covers: the rule (or branch) can never match.
        if (f.tools.length === covered.length) {
            at(f.path, f.text.replace('{tools}', f.tools.join(', ')));
            continue;
        }
        // A condition that must hold rules out a tool the rule names; a tool that only falls under a
        // prefix, or a branch of anyOf / not, may be meant for another tool, so those pass.
        const mine = f.required ? f.tools.filter((t) => named.has(t)) : [];
        if (mine.length > 0)
            at(f.path, f.text.replace('{tools}', mine.join(', ')));
    }
    return out;
}
/**
 * Reports rules that can never match: an agent the gate does not know, a tool no route serves (or
 * that its upstream does not list), and conditions that a tool's input schema rules out (a pointer
 * the schema lacks, an operator for another type, a type that contradicts it, a value it forbids).
 * Pure; each finding is placed at file:line:col, with "did you mean" when a close name exists. A
 * source that does not load is skipped (its faults are compilePolicy's to report).
 * @example lintPolicy(policy.sources, { agents: ['coder'], routes: [{ tools: ['fs.*'], upstream: 'sandbox' }] })
 */
export function lintPolicy(sources, context) {
    const nodes = new Map();
    for (const t of context.tools ?? []) {
        const list = nodes.get(t.name) ?? [];
        list.push({ node: rootNode(t.inputSchema), name: t.name });
        nodes.set(t.name, list);
    }
    const out = [];
    for (const src of sources) {
        const findings = rulesOf(src).flatMap(({ index, rule }) => lintRule(index, rule, context, nodes));
        if (findings.length === 0)
            continue;
        // Positions need the YAML parser's node ranges: paid only for a file with findings.
        const p = parseSource(src);
        for (const f of findings)
            out.push(p.fault(f.path, f.message));
    }
    return sortFaults(out, sources.map((s) => s.path));
}
/**
 * The rules of a source that validate on their own. A JSON file that validates whole is read with
 * JSON.parse, many times faster than the YAML parser on a large generated policy (the gate runs
 * this at every start); anything else goes through parseSource.
 */
function rulesOf(src) {
    if (src.text.trimStart().startsWith('{')) {
        try {
            const whole = PolicyFileSchema.safeParse(JSON.parse(src.text));
            if (whole.success)
                return (whole.data.rules ?? []).map((rule, index) => ({ index, rule }));
        }
        catch { /* not JSON: YAML below */ }
    }
    return parseSource(src).rules;
}
//# sourceMappingURL=lint.js.map