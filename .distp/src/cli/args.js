/** @module cli/args: a small, strict flag parser built on node:util parseArgs. */
import { parseArgs } from 'node:util';
/** Parses flags; on a usage error writes it and the usage text to stderr and returns undefined (exit 2). */
export function parseFlags(args, options, io, usage) {
    try {
        return parseArgs({ args, options, allowPositionals: true, strict: true });
    }
    catch (err) {
        io.stderr.write(`${err.message}\n${usage}`);
        return undefined;
    }
}
//# sourceMappingURL=args.js.map