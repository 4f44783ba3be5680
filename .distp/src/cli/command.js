const HELP = new Set(['--help', '-h']);
/** True when `--help` or `-h` comes before any `--` (what follows `--` belongs to another program). */
export function wantsHelp(args) {
    for (const a of args) {
        if (a === '--')
            return false;
        if (HELP.has(a))
            return true;
    }
    return false;
}
/** Runs a command: help first, then a group's subcommand or the leaf itself. */
export async function runCommand(spec, args, io) {
    if (spec.subcommands === undefined) {
        if (wantsHelp(args))
            return help(spec, io);
        if (spec.run === undefined)
            throw new Error(`${spec.name}: a command needs run or subcommands`);
        return spec.run(args, io);
    }
    const [sub, ...rest] = args;
    if (sub !== undefined && HELP.has(sub))
        return help(spec, io);
    if (sub === undefined) {
        io.stderr.write(spec.usage);
        return 2;
    }
    const load = Object.hasOwn(spec.subcommands, sub) ? spec.subcommands[sub] : undefined;
    if (load === undefined) {
        io.stderr.write(`${spec.name}: unknown subcommand '${sub}'\n${spec.usage}`);
        return 2;
    }
    return runCommand(await load(), rest, io);
}
function help(spec, io) {
    io.stdout.write(spec.usage);
    return 0;
}
/** Usage text from lines: `usage: <name> <synopsis>`, then the rest, ending in a newline. */
export function usageText(name, synopsis, ...body) {
    const syn = typeof synopsis === 'string' ? [synopsis] : synopsis;
    const head = syn.map((s, i) => `${i === 0 ? 'usage:' : '      '} ${name}${s === '' ? '' : ` ${s}`}`);
    return [...head, ...(body.length > 0 ? ['', ...body] : []), ''].join('\n');
}
//# sourceMappingURL=command.js.map