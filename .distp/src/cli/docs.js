/** @module cli/docs: `verbatim docs generate|check` keeps generated docs in step with the code. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { usageText } from './command.js';
import { GENERATED_DOCS } from '../docs-registry.js';
const FILES = `generated files: ${Object.keys(GENERATED_DOCS).join(', ')}`;
const GENERATE_USAGE = usageText('verbatim docs generate', '[ROOT]', 'Rewrites every generated doc under ROOT (default: the current directory).', FILES);
const CHECK_USAGE = usageText('verbatim docs check', '[ROOT]', 'Exits 1 and names each generated doc under ROOT that is not in step with the code.', FILES);
function docsRun(mode, usage) {
    return async (args, io) => {
        if (args.length > 1) {
            io.stderr.write(usage);
            return 2;
        }
        const root = args[0] ?? process.cwd();
        let stale = 0;
        for (const [file, render] of Object.entries(GENERATED_DOCS)) {
            const path = join(root, file);
            const want = render();
            if (mode === 'generate') {
                await writeFile(path, want);
                io.stdout.write(`wrote ${file}\n`);
                continue;
            }
            const have = await readFile(path, 'utf8').catch(() => '');
            if (have !== want) {
                stale++;
                io.stderr.write(`${file} is stale: run npm run docs\n`);
            }
        }
        return stale === 0 ? 0 : 1;
    };
}
export const docsSpec = {
    name: 'verbatim docs',
    usage: usageText('verbatim docs', ['generate [ROOT]', 'check [ROOT]'], 'Regenerates or checks the docs generated from the code (npm run docs).'),
    subcommands: {
        generate: async () => ({ name: 'verbatim docs generate', usage: GENERATE_USAGE, run: docsRun('generate', GENERATE_USAGE) }),
        check: async () => ({ name: 'verbatim docs check', usage: CHECK_USAGE, run: docsRun('check', CHECK_USAGE) }),
    },
};
//# sourceMappingURL=docs.js.map