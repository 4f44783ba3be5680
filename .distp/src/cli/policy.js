/** @module cli/policy: `verbatim policy check|test|explain|schema`, the policy author's tools. */
import { renderPolicySchema } from '../policy/index.js';
import { usageText } from './command.js';
import { CHECK_USAGE, policyCheckCommand } from './policy-check.js';
import { TEST_USAGE, policyTestCommand } from './policy-test.js';
import { EXPLAIN_USAGE, policyExplainCommand } from './policy-explain.js';
const SCHEMA_USAGE = usageText('verbatim policy schema', '', 'Prints the JSON Schema of policy files (committed as docs/policy.schema.json).');
async function schema(args, io) {
    if (args.length > 0) {
        io.stderr.write(SCHEMA_USAGE);
        return 2;
    }
    io.stdout.write(renderPolicySchema());
    return 0;
}
export const policySpec = {
    name: 'verbatim policy',
    usage: usageText('verbatim policy', [
        'check [PATH...]     validate; with --config, --tools or --mcp also dead rules; faults at file:line:col',
        'test [PATH...]      run every file\'s tests:, then print "N passed, N failed"; --coverage, --min-coverage N',
        'explain (--policy PATH... | --config FILE) --agent ID --tool NAME [ARGS_FILE|-]   print the decision JSON',
        'schema              print the JSON Schema of policy files',
    ], 'The policy author\'s tools (docs/policy.md). verbatim policy <subcommand> --help for more.'),
    subcommands: {
        check: async () => ({ name: 'verbatim policy check', usage: CHECK_USAGE, run: policyCheckCommand }),
        test: async () => ({ name: 'verbatim policy test', usage: TEST_USAGE, run: policyTestCommand }),
        explain: async () => ({ name: 'verbatim policy explain', usage: EXPLAIN_USAGE, run: policyExplainCommand }),
        schema: async () => ({ name: 'verbatim policy schema', usage: SCHEMA_USAGE, run: schema }),
    },
};
//# sourceMappingURL=policy.js.map