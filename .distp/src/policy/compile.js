/** @module policy/compile: validate a set of policy files and compile them into an indexed, digested policy. */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { VerbatimError } from '../errors/index.js';
import { compileCondition } from './conditions.js';
import { parseSource } from './source.js';
import { formatFault } from '../config/yaml-source.js';
/**
 * Compiles policy sources into one policy. Pure: the same rules give the same digest, whatever the
 * file order, formatting or comments.
 * @throws VerbatimError ERR_POLICY_INVALID with `detail.faults: PolicyFault[]`
 */
export function compilePolicy(sources) {
    const parsed = sources.map((s) => parseSource(s));
    const faults = parsed.flatMap((p) => p.faults);
    const rules = [];
    const seen = new Map();
    // Rules valid on their own are checked even in a file with faults, so every fault shows at once.
    for (const p of parsed)
        compileFile(p, seen, rules, faults);
    if (faults.length > 0) {
        sortFaults(faults, sources.map((s) => s.path));
        throw new VerbatimError('ERR_POLICY_INVALID', faults.map(formatFault).join('\n'), { detail: { faults } });
    }
    rules.sort((a, b) => (a.rule.id < b.rule.id ? -1 : 1));
    const exact = new Map();
    const prefixes = new Map();
    for (const { rule, checks } of rules) {
        const compiled = {
            id: rule.id, effect: rule.effect, allAgents: rule.agents.includes('*'), agents: new Set(rule.agents), checks,
        };
        for (const tool of new Set(rule.tools)) {
            const [map, key] = tool.endsWith('*') ? [prefixes, tool.slice(0, -1)] : [exact, tool];
            const list = map.get(key);
            if (list === undefined)
                map.set(key, [compiled]);
            else
                list.push(compiled);
        }
    }
    return {
        digest: digestOf(rules.map((r) => r.rule)),
        ruleCount: rules.length,
        exact,
        prefixes,
        prefixLengths: [...new Set([...prefixes.keys()].map((k) => k.length))].sort((a, b) => a - b),
        tests: parsed.flatMap((p) => (p.data?.tests === undefined ? [] : [{ file: p.file, cases: p.data.tests }])),
        sources: sources.map((s) => ({ path: s.path, text: s.text })),
    };
}
function compileFile(p, seen, out, faults) {
    for (const { index: i, id } of p.ids) {
        const first = seen.get(id);
        if (first !== undefined) {
            faults.push(p.fault(['rules', i, 'id'], `rules.${i}.id: duplicate rule id ${JSON.stringify(id)} (first defined in ${first})`));
        }
        else {
            seen.set(id, p.file);
        }
    }
    for (const { index: i, rule } of p.rules) {
        const sink = (path, message) => {
            faults.push(p.fault(path, `${path.map(String).join('.')}: ${message}`));
        };
        const checks = (rule.when ?? []).map((c, j) => compileCondition(c, ['rules', i, 'when', j], sink));
        out.push({ rule, checks });
    }
}
/** Orders faults by file (in the order given), then line and column. */
export function sortFaults(faults, files) {
    const rank = (f) => {
        const i = files.indexOf(f.file);
        return i === -1 ? files.length : i;
    };
    return faults.sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.col - b.col);
}
/** SHA-256 over RFC 8785 (JCS) bytes of the decision-relevant rule content, sorted by id. */
function digestOf(rules) {
    const set = {
        version: 1,
        rules: rules.map((r) => ({
            id: r.id,
            effect: r.effect,
            agents: [...new Set(r.agents)].sort(),
            tools: [...new Set(r.tools)].sort(),
            when: r.when ?? [],
        })),
    };
    return createHash('sha256').update(canonicalize(set) ?? '', 'utf8').digest('hex');
}
//# sourceMappingURL=compile.js.map