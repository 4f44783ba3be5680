/** @module cli/config: `verbatim config schema|check` */
import { configJsonSchema, loadConfig } from '../config/index.js';
import { isVerbatimError } from '../errors/index.js';
import { usageText } from './command.js';
const SCHEMA_USAGE = usageText('verbatim config schema', '', 'Prints the JSON Schema of verbatim.yaml (every field: docs/config.md).');
const CHECK_USAGE = usageText('verbatim config check', '[FILE]', 'Validates a gate config: FILE, else $VERBATIM_CONFIG, else ./verbatim.yaml, with VERBATIM_… overrides', 'applied. Prints "ok" (exit 0) or each fault (exit 1).');
async function schema(args, io) {
    if (args.length > 0) {
        io.stderr.write(SCHEMA_USAGE);
        return 2;
    }
    io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    return 0;
}
async function check(args, io) {
    if (args.length > 1) {
        io.stderr.write(CHECK_USAGE);
        return 2;
    }
    try {
        const { overrides } = await loadConfig(args[0] ?? io.env.VERBATIM_CONFIG ?? 'verbatim.yaml', io.env);
        io.stdout.write(`ok${overrides.length ? ` (${overrides.length} environment overrides)` : ''}\n`);
        return 0;
    }
    catch (err) {
        io.stderr.write(isVerbatimError(err) ? `${err.code}: ${err.message}\n` : `${String(err)}\n`);
        return 1;
    }
}
export const configSpec = {
    name: 'verbatim config',
    usage: usageText('verbatim config', ['schema', 'check [FILE]'], 'Prints the config JSON Schema, or validates a config. verbatim config <subcommand> --help for more.'),
    subcommands: {
        schema: async () => ({ name: 'verbatim config schema', usage: SCHEMA_USAGE, run: schema }),
        check: async () => ({ name: 'verbatim config check', usage: CHECK_USAGE, run: check }),
    },
};
//# sourceMappingURL=config.js.map