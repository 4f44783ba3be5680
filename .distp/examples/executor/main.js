/** @module examples/executor/main: runnable entry (dist/examples/executor/main.js); prints one JSON line with its URL. */
import { parseArgs } from 'node:util';
import { startExecutor } from './index.js';
const USAGE = 'usage: node dist/examples/executor/main.js --workspace DIR --audience AUD (--jwks-url URL | --jwks-file FILE) --audit-dir DIR [--port N] [--host H] [--redis URL] [--key-dir DIR] [--skew S] [--clock-offset-ms MS]';
async function main() {
    if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                port: { type: 'string' }, host: { type: 'string' }, workspace: { type: 'string' }, audience: { type: 'string' },
                'jwks-url': { type: 'string' }, 'jwks-file': { type: 'string' }, 'audit-dir': { type: 'string' },
                redis: { type: 'string' }, 'key-dir': { type: 'string' }, skew: { type: 'string' }, 'clock-offset-ms': { type: 'string' },
            },
            strict: true,
        }));
    }
    catch (e) {
        process.stderr.write(`${e.message}\n${USAGE}\n`);
        return 2;
    }
    const { workspace, audience } = values;
    const auditDir = values['audit-dir'];
    if (workspace === undefined || audience === undefined || auditDir === undefined || (values['jwks-url'] === undefined) === (values['jwks-file'] === undefined)) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
    }
    const opts = { workspace, audience, auditDir, port: Number(values.port ?? 0) };
    if (values.host !== undefined)
        opts.host = values.host;
    if (values['jwks-url'] !== undefined)
        opts.jwksUrl = values['jwks-url'];
    if (values['jwks-file'] !== undefined)
        opts.jwksFile = values['jwks-file'];
    if (values.redis !== undefined)
        opts.replay = { redis: values.redis };
    if (values['key-dir'] !== undefined)
        opts.keyDir = values['key-dir'];
    if (values.skew !== undefined)
        opts.skewSeconds = Number(values.skew);
    if (values['clock-offset-ms'] !== undefined)
        opts.clockOffsetMs = Number(values['clock-offset-ms']);
    const ex = await startExecutor(opts);
    process.stdout.write(`${JSON.stringify({ url: ex.url, port: ex.port, guardJwk: ex.guardJwk })}\n`);
    const stop = () => {
        ex.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    return 0;
}
main().then((code) => { if (code !== 0)
    process.exitCode = code; }, (err) => {
    process.stderr.write(`verbatim executor: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
//# sourceMappingURL=main.js.map