/** @module cli/audit-tail: `verbatim audit tail`: a readable, filtered, verified and optionally live view of logs. */
import { parseArgs } from 'node:util';
import { FILTER_OPTIONS, TRUST_OPTIONS, loadAnchors, nowOf, pad, parseFilter } from './audit-args.js';
import { filteredReader, warnFaults } from './audit-read.js';
const SHOWN = ['decisionId', 'verdict', 'code', 'agent', 'tool', 'target', 'status', 'executor', 'latencyMs', 'ruleIds', 'reason', 'arguments', 'redacted', 'digest', 'keyid', 'size', 'root', 'origin', 'cutBytes', 'ok'];
const ENVELOPE = new Set(['v', 'seq', 'ts', 'type', 'prev', 'hash']);
/** One line per record: time, seq, type, then the fields an operator reads first. Probes say so. */
export function formatRecord(r) {
    const parts = [];
    for (const k of SHOWN) {
        if (!(k in r) || ENVELOPE.has(k))
            continue;
        const v = r[k];
        if (Array.isArray(v) && v.length === 0 && k === 'redacted')
            continue;
        let s = typeof v === 'string' ? v : JSON.stringify(v);
        if (/^[0-9a-f]{64}$/.test(s))
            s = `${s.slice(0, 12)}…`;
        else if (typeof v === 'string' && /\s/.test(s))
            s = JSON.stringify(s);
        if (s.length > 160)
            s = `${s.slice(0, 159)}…`;
        parts.push(`${k === 'ruleIds' ? 'rules' : k}=${s}`);
    }
    if (r['tool'] === 'verbatim.probe' && typeof r['decisionId'] === 'string' && r['decisionId'].startsWith('probe-'))
        parts.push('(gate probe)');
    const when = Number.isFinite(r.ts) ? new Date(r.ts).toISOString() : String(r.ts);
    return `${when}  #${pad(String(r.seq), 6)} ${pad(r.type, 10)} ${parts.join(' ')}`.trimEnd();
}
export async function auditTailCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { n: { type: 'string', short: 'n', default: '20' }, follow: { type: 'boolean', short: 'f', default: false }, json: { type: 'boolean', default: false }, ...TRUST_OPTIONS, ...FILTER_OPTIONS },
    });
    if (positionals.length === 0)
        throw new Error('tail needs a FILE or DIR');
    const n = Number(values.n);
    if (!Number.isSafeInteger(n) || n < 0)
        throw new Error(`bad -n '${values.n}'`);
    const filter = parseFilter(values, nowOf(values));
    const reader = filteredReader(positionals, filter, await loadAnchors(values));
    const many = positionals.length > 1;
    const line = (r, at) => (values.json ? JSON.stringify(r) : `${many ? `${at.log.label}  ` : ''}${formatRecord(r)}`);
    const ring = [];
    let count = 0;
    const faults = await reader.poll((r, at) => {
        if (n > 0)
            ring[count % n] = line(r, at);
        count++;
    });
    const shown = [];
    for (let i = Math.max(0, count - n); i < count; i++)
        shown.push(ring[i % n]);
    if (shown.length > 0)
        io.stdout.write(shown.join('\n') + '\n');
    warnFaults(io, faults, positionals);
    if (!values.follow)
        return faults.length > 0 ? 1 : 0;
    // Poll: segments are append-only; each poll reads only the complete lines added since.
    await new Promise((resolve) => {
        let busy = false;
        const timer = setInterval(() => {
            if (busy)
                return;
            busy = true;
            reader.poll((r, at) => void io.stdout.write(line(r, at) + '\n')).then((fresh) => {
                faults.push(...fresh);
                warnFaults(io, fresh, positionals);
            }, () => undefined).finally(() => (busy = false));
        }, 500);
        process.once('SIGINT', () => {
            clearInterval(timer);
            resolve();
        });
    });
    return faults.length > 0 ? 1 : 0;
}
//# sourceMappingURL=audit-tail.js.map