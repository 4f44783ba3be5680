import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml';
/**
 * Parses YAML 1.2 (JSON is a subset) with duplicate keys refused, lets `prepare` adjust the plain
 * value (environment overrides), then validates with zod; each issue is placed where `yaml` saw it.
 */
export function parseYamlWithSchema(file, text, schema, prepare) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
    const pos = (offset) => {
        const p = lineCounter.linePos(offset);
        return { line: Math.max(1, p.line), col: Math.max(1, p.col) };
    };
    const fault = (path, message, at = 'value') => ({ file, ...pos(locate(doc, path, at)), message });
    const faults = [];
    const done = (data) => ({ file, data, faults, fault });
    for (const e of [...doc.errors, ...doc.warnings]) {
        faults.push({ file, ...pos(e.pos[0]), message: e.message.split('\n')[0] ?? e.message });
    }
    if (faults.length > 0)
        return done(undefined);
    let raw;
    try {
        raw = doc.toJS({ maxAliasCount: 100 });
        if (prepare)
            raw = prepare(raw);
    }
    catch (e) {
        faults.push({ file, line: 1, col: 1, message: e instanceof Error ? e.message : String(e) });
        return done(undefined);
    }
    const parsed = schema.safeParse(raw, { reportInput: true });
    if (parsed.success)
        return done(parsed.data);
    for (const issue of parsed.error.issues)
        faults.push(issueFault(issue, fault));
    return done(undefined);
}
/** `file:line:col: message`; a fault with no position (line 0) is `source: message`. */
export function formatFault(f) {
    return f.line === 0 ? `${f.file}: ${f.message}` : `${f.file}:${f.line}:${f.col}: ${f.message}`;
}
/** Explains a zod issue at the position the `yaml` package recorded for its path. */
function issueFault(issue, fault) {
    const where = issue.path.length === 0 ? 'file' : issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        return fault([...issue.path, key], `${where}: unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`, 'key');
    }
    if (issue.code === 'invalid_type' && issue.input === undefined && issue.path.length > 0) {
        return fault(issue.path.slice(0, -1), `${where}: missing, expected ${issue.expected}`);
    }
    return fault(issue.path, `${where}: ${issue.message}`);
}
/** The source offset of the node at `path`, walking maps by key and sequences by index. */
function locate(doc, path, at) {
    let node = doc.contents;
    let best = isNode(node) ? (node.range?.[0] ?? 0) : 0;
    for (const [i, seg] of path.entries()) {
        if (isAlias(node))
            node = node.resolve(doc);
        if (isMap(node)) {
            const pair = node.items.find((p) => isPair(p) && keyOf(p.key) === String(seg));
            if (pair === undefined)
                break;
            const target = at === 'key' && i === path.length - 1 ? pair.key : (pair.value ?? pair.key);
            if (!isNode(target))
                break;
            node = target;
        }
        else if (isSeq(node) && typeof seg === 'number') {
            const item = node.items[seg];
            if (!isNode(item))
                break;
            node = item;
        }
        else {
            break;
        }
        best = node.range?.[0] ?? best;
    }
    return best;
}
function keyOf(key) {
    return isScalar(key) ? String(key.value) : undefined;
}
//# sourceMappingURL=yaml-source.js.map