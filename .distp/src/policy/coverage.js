/** @module policy/coverage: which rules and conditions a policy's tests exercised, in the spirit of `opa test --coverage`. */
import { isVerbatimError } from '../errors/index.js';
import { canonicalArguments } from './arguments.js';
import { compileCondition } from './conditions.js';
import { rulesForTool } from './evaluate.js';
import { pointerTokens, resolvePointer } from './json.js';
import { OPERATORS } from './schema.js';
import { parseSource } from './source.js';
const NO_FAULT = () => undefined;
function nodeOf(cond, path, rule, nodes) {
    const op = OPERATORS.find((o) => cond[o] !== undefined);
    const kids = [];
    const node = { check: compileCondition(cond, path, NO_FAULT), cond, op, kids, held: 0, failed: 0, at: { path, label: `${rule} ${path.map(String).join('.')} (${cond.pointer === undefined ? '' : `${cond.pointer || '""'} `}${op})` } };
    nodes.push(node);
    if (op === 'allOf' || op === 'anyOf')
        (cond[op] ?? []).forEach((c, i) => kids.push(nodeOf(c, [...path, op, i], rule, nodes)));
    if (op === 'not' || op === 'each')
        kids.push(nodeOf(cond[op], [...path, op], rule, nodes));
    return node;
}
/** Counts the node's outcome on `base`, then its children's on the values they see, whatever short-circuiting would skip. */
function visit(node, base) {
    const held = node.check.holds(base);
    if (held)
        node.held++;
    else
        node.failed++;
    const v = node.cond.pointer === undefined ? base : resolvePointer(base, pointerTokens(node.cond.pointer));
    if (v !== undefined) {
        if (node.op === 'each') {
            if (Array.isArray(v))
                for (const e of v)
                    visit(node.kids[0], e);
        }
        else {
            for (const k of node.kids)
                visit(k, v);
        }
    }
    return held;
}
/** Runs every case of the policy's tests: (bodies the gate refuses reach no rule) and counts what each reached. */
export function policyCoverage(policy) {
    const rules = new Map();
    for (const src of policy.sources) {
        const p = parseSource(src);
        for (const { index, rule } of p.rules) {
            const nodes = [];
            const top = (rule.when ?? []).map((c, j) => nodeOf(c, ['when', j], rule.id, nodes));
            rules.set(rule.id, { top, nodes, held: 0, failed: 0, file: p.file, locate: (path) => {
                    const f = p.fault(['rules', index, ...path], '');
                    return { line: f.line, col: f.col };
                } });
        }
    }
    const encoder = new TextEncoder();
    for (const c of policy.tests.flatMap((t) => t.cases)) {
        let value;
        try {
            value = canonicalArguments(encoder.encode(c.raw ?? JSON.stringify(c.args))).value;
        }
        catch (e) {
            if (isVerbatimError(e))
                continue;
            throw e;
        }
        for (const r of rulesForTool(policy, c.tool)) {
            if (!r.allAgents && !r.agents.has(c.agent))
                continue;
            const entry = rules.get(r.id);
            if (entry === undefined)
                continue;
            // Every top-level condition is visited, not only up to the first that fails.
            const matched = entry.top.map((n) => visit(n, value)).every(Boolean);
            if (matched)
                entry.held++;
            else
                entry.failed++;
        }
    }
    const items = [];
    for (const [id, e] of rules) {
        items.push({ kind: 'rule', file: e.file, ...e.locate([]), rule: id, label: `rule ${id}`, held: e.held, failed: e.failed, exercised: e.held > 0 });
        for (const n of e.nodes) {
            items.push({ kind: 'condition', file: e.file, ...e.locate(n.at.path), rule: id, label: n.at.label, held: n.held, failed: n.failed, exercised: n.held > 0 && n.failed > 0 });
        }
    }
    const exercised = items.filter((i) => i.exercised).length;
    return { items, exercised, total: items.length, percent: items.length === 0 ? 100 : (exercised * 100) / items.length };
}
//# sourceMappingURL=coverage.js.map