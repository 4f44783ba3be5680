/** @module policy/test-runner: run the `tests:` cases of policy files against the compiled set. */
import { isVerbatimError } from '../errors/index.js';
import { canonicalArguments } from './arguments.js';
import { evaluate } from './evaluate.js';
const encoder = new TextEncoder();
/**
 * Runs every case of every file against the whole compiled set (what the gate would serve).
 * The body (`raw` bytes, or `args` serialised) goes through canonicalArguments, the gate's own step
 * with the default strict-parse profile: a refusal there is a `reject` with its code, never a deny.
 */
export function runPolicyTests(policy) {
    const out = [];
    for (const { file, cases } of policy.tests) {
        cases.forEach((c, index) => out.push(runCase(policy, file, index, c)));
    }
    return out;
}
function runCase(policy, file, index, c) {
    const body = c.raw ?? JSON.stringify(c.args);
    const base = { file, index, name: c.name ?? `${c.agent} ${c.tool} ${body}` };
    const want = expected(c);
    let args;
    try {
        args = canonicalArguments(encoder.encode(body));
    }
    catch (e) {
        if (!isVerbatimError(e))
            throw e;
        const got = `reject (${e.code})`;
        if (c.decision === 'reject' && c.code === e.code)
            return { ...base, passed: true, detail: got };
        const why = c.decision === 'reject' ? '' : `: the gate refuses this body before policy (${e.message})`;
        return { ...base, passed: false, detail: `expected ${want}, got ${got}${why}` };
    }
    const d = evaluate(policy, { agent: c.agent, tool: c.tool, value: args.value });
    const got = describe(d);
    if (d.decision !== c.decision || (c.code !== undefined && d.code !== c.code)) {
        return { ...base, passed: false, detail: `expected ${want}, got ${got}` };
    }
    if (c.rule !== undefined && !d.ruleIds.includes(c.rule)) {
        return { ...base, passed: false, detail: `expected rule ${c.rule}, got ${got}` };
    }
    return { ...base, passed: true, detail: got };
}
function expected(c) {
    return c.code === undefined ? c.decision : `${c.decision} (${c.code})`;
}
function describe(d) {
    if (d.ruleIds.length > 0)
        return `${d.decision} by ${d.ruleIds.join(', ')}`;
    return `${d.decision} (${d.code ?? 'no rule'})`;
}
//# sourceMappingURL=test-runner.js.map