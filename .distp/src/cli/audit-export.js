/** @module cli/audit-export: `verbatim audit export`: CSV, JSON or JSONL for a SIEM, filtered, verified, streamed. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_RECORD_TYPES, jcs } from '../audit/index.js';
import { FILTER_OPTIONS, TRUST_OPTIONS, loadAnchors, nowOf, parseFilter } from './audit-args.js';
import { filteredReader, warnFaults } from './audit-read.js';
export const CSV_COLUMNS = [
    'seq', 'time', 'type', 'decisionId', 'agent', 'tool', 'method', 'target', 'verdict', 'code', 'status', 'digest', 'keyid', 'policyDigest', 'latencyMs', 'hash', 'extra',
];
const COLUMN_SET = new Set([...CSV_COLUMNS, 'ts', 'v', 'prev']);
/** RFC 4180 §2: quote a field holding a comma, quote or line break; double inner quotes. */
function csvField(v) {
    if (v === undefined || v === null)
        return '';
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
export function csvRow(r) {
    const extra = Object.fromEntries(Object.entries(r).filter(([k]) => !COLUMN_SET.has(k)));
    const cells = CSV_COLUMNS.map((c) => c === 'time' ? new Date(r.ts).toISOString() : c === 'extra' ? (Object.keys(extra).length === 0 ? '' : JSON.stringify(extra)) : r[c]);
    return cells.map(csvField).join(',') + '\r\n';
}
export function toCsv(records) {
    return CSV_COLUMNS.join(',') + '\r\n' + records.map(csvRow).join('');
}
/** Buffered writes that wait for a full stream to drain: an export of a million records holds little. */
function sink(stream) {
    let buf = '';
    const flush = async () => {
        if (buf === '')
            return;
        const s = buf;
        buf = '';
        if (!stream.write(s))
            await new Promise((r) => stream.once('drain', () => r()));
    };
    return {
        async write(s) {
            buf += s;
            if (buf.length >= 1 << 20)
                await flush();
        },
        end: flush,
    };
}
export async function auditExportCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { format: { type: 'string' }, json: { type: 'boolean', default: false }, type: { type: 'string' }, out: { type: 'string' }, ...TRUST_OPTIONS, ...FILTER_OPTIONS },
    });
    if (positionals.length === 0)
        throw new Error('export needs a FILE or DIR');
    // --json, as on every audit command, is --format json.
    if (values.json && values.format !== undefined && values.format !== 'json')
        throw new Error('--json and --format disagree');
    const format = values.json ? 'json' : (values.format ?? 'csv');
    if (!['csv', 'json', 'jsonl'].includes(format))
        throw new Error(`unknown format '${format}' (csv, json, jsonl)`);
    const types = values.type?.split(',').map((t) => t.trim());
    for (const t of types ?? [])
        if (!AUDIT_RECORD_TYPES.includes(t))
            throw new Error(`unknown record type '${t}'`);
    const reader = filteredReader(positionals, parseFilter(values, nowOf(values)), await loadAnchors(values));
    let file;
    if (values.out !== undefined) {
        await mkdir(dirname(values.out), { recursive: true });
        file = createWriteStream(values.out);
    }
    const out = sink(file ?? io.stdout);
    let n = 0;
    const pending = [];
    const emit = (s) => void pending.push(out.write(s));
    if (format === 'csv')
        emit(CSV_COLUMNS.join(',') + '\r\n');
    const faults = await reader.poll((r) => {
        if (types !== undefined && !types.includes(r.type))
            return;
        if (format === 'csv')
            emit(csvRow(r));
        else if (format === 'jsonl')
            emit(jcs(r) + '\n');
        else
            emit(`${n === 0 ? '[\n' : ',\n'}  ${JSON.stringify(r, null, 2).replaceAll('\n', '\n  ')}`);
        n++;
    });
    if (format === 'json')
        emit(n === 0 ? '[]\n' : '\n]\n');
    await Promise.all(pending);
    await out.end();
    if (file !== undefined) {
        await new Promise((resolve, reject) => file.end((err) => (err ? reject(err) : resolve())));
        io.stderr.write(`wrote ${n} record(s) to ${values.out}\n`);
    }
    warnFaults(io, faults, positionals);
    return faults.length > 0 ? 1 : 0;
}
//# sourceMappingURL=audit-export.js.map