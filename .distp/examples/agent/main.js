/**
 * @module examples/agent/main: `node dist/examples/agent/main.js TOOL 'ARGS_JSON'` with VERBATIM_GATE
 * (default http://127.0.0.1:8080) and TOKEN set, as `npm start` prints them.
 */
import { GateError, callTool } from './client.js';
const [tool, json] = process.argv.slice(2);
if (tool === undefined || json === undefined || process.env['TOKEN'] === undefined) {
    process.stderr.write("usage: TOKEN=… node dist/examples/agent/main.js TOOL 'ARGS_JSON'\n");
    process.exit(2);
}
try {
    const r = await callTool(process.env['VERBATIM_GATE'] ?? 'http://127.0.0.1:8080', process.env['TOKEN'], tool, JSON.parse(json));
    process.stdout.write(`${JSON.stringify({ status: r.status, decisionId: r.decisionId, body: r.body }, null, 2)}\n`);
}
catch (e) {
    if (!(e instanceof GateError))
        throw e;
    process.stderr.write(`refused: ${e.message} (decision ${e.decisionId ?? 'none'})\n`);
    process.exitCode = 1;
}
//# sourceMappingURL=main.js.map