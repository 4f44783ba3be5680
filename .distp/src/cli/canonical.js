/** @module cli/canonical: `verbatim canonical [FILE|-]` prints the bytes the gate would evaluate. */
import { canonicalBytes } from '../canonical/index.js';
import { isVerbatimError } from '../errors/index.js';
import { usageText } from './command.js';
import { readInput } from './io.js';
const USAGE = usageText('verbatim canonical', '[FILE|-]', 'Prints the RFC 8785 bytes the gate would evaluate and forward, with no trailing newline. Reads FILE,', 'or stdin when FILE is - or absent. Uses the default strict-parse profile (docs/canonical.md).', 'A body with more than one meaning prints "ERR_…: message" to stderr.', '', 'exit status: 0 printed, 1 refused by the strict parser, 2 usage error or unreadable input');
/** Writes the RFC 8785 bytes of FILE (or stdin) with no trailing newline; `ERR_…: message` on rejection. */
export async function canonicalCommand(args, io) {
    if (args.length > 1 || (args[0] !== undefined && args[0] !== '-' && args[0].startsWith('-'))) {
        io.stderr.write(USAGE);
        return 2;
    }
    let input;
    try {
        input = await readInput(args[0], io);
    }
    catch (e) {
        io.stderr.write(`verbatim canonical: cannot read ${args[0] ?? 'stdin'}: ${e.message}\n`);
        return 2;
    }
    try {
        const { bytes } = canonicalBytes(input);
        await write(io.stdout, bytes);
        return 0;
    }
    catch (e) {
        if (!isVerbatimError(e))
            throw e;
        io.stderr.write(`${e.code}: ${e.message}\n`);
        return 1;
    }
}
/** Resolves once the stream has taken the bytes, so the exit code never races the output. */
function write(stream, bytes) {
    return new Promise((resolve, reject) => {
        stream.write(bytes, (err) => (err ? reject(err) : resolve()));
    });
}
export const canonicalSpec = { name: 'verbatim canonical', usage: USAGE, run: canonicalCommand };
//# sourceMappingURL=canonical.js.map