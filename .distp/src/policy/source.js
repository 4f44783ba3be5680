/** @module policy/source: one policy file (YAML or JSON), validated, with faults at file:line:col. */
import { z } from 'zod';
import { parseYamlWithSchema } from '../config/yaml-source.js';
import { issueFaults } from './faults.js';
import { PolicyFileSchema, RuleSchema } from './schema.js';
/**
 * Parses YAML 1.2 (JSON is a subset) with duplicate keys refused, then validates with zod. Every
 * fault of the file comes at once, and the rules that are valid on their own are kept, so that the
 * checks that follow (duplicate ids, patterns, routes, tool schemas) report on them in the same run.
 */
export function parseSource(src) {
    const raw = parseYamlWithSchema(src.path, src.text, z.unknown());
    const base = { file: raw.file, fault: raw.fault };
    if (raw.faults.length > 0)
        return { ...base, data: undefined, faults: raw.faults, rules: [], ids: [] };
    const parsed = PolicyFileSchema.safeParse(raw.data, { reportInput: true });
    if (parsed.success) {
        const rules = (parsed.data.rules ?? []).map((rule, index) => ({ index, rule }));
        return { ...base, data: parsed.data, faults: [], rules, ids: rules.map((r) => ({ index: r.index, id: r.rule.id })) };
    }
    const list = rawRules(raw.data);
    const rules = [];
    const ids = [];
    list.forEach((r, index) => {
        const one = RuleSchema.safeParse(r);
        if (one.success)
            rules.push({ index, rule: one.data });
        const id = typeof r === 'object' && r !== null ? r.id : undefined;
        if (typeof id === 'string')
            ids.push({ index, id });
    });
    return { ...base, data: undefined, faults: issueFaults(parsed.error.issues, raw.fault), rules, ids };
}
function rawRules(raw) {
    const list = typeof raw === 'object' && raw !== null ? raw.rules : undefined;
    return Array.isArray(list) ? list : [];
}
//# sourceMappingURL=source.js.map