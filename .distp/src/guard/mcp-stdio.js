/** @module guard/mcp-stdio: an unmodified stdio MCP server behind the guard, one child per session, spoken to the gate as Streamable HTTP. */
import { randomUUID } from 'node:crypto';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { VerbatimError } from '../errors/index.js';
import { writeProblem } from './node.js';
const isRequestOrNotification = (m) => 'method' in m;
const isResponse = (m) => !('method' in m) && 'id' in m;
/**
 * Bridges each MCP session to its own child process on stdio. The SDK's Streamable HTTP server
 * transport speaks HTTP (sessions, event streams) and gets the message the guard verified, never
 * the raw body (the guard's strict parse is the only one); the child gets the same message on stdin.
 * A child's request or notification is sent on the stream of the client request it is most likely
 * about (the newest one in flight), else on the session's GET stream: a stdio server says nothing
 * about which request a progress update or a sampling request belongs to.
 */
export function mcpStdioExecutor(cfg, log) {
    const sessions = new Map();
    const pending = new Set();
    async function open() {
        const [command, ...args] = cfg.command;
        const child = new StdioClientTransport({ command, args, stderr: 'inherit', ...(cfg.cwd === undefined ? {} : { cwd: cfg.cwd }) });
        const s = { child, inFlight: [], http: new StreamableHTTPServerTransport({
                sessionIdGenerator: () => randomUUID(),
                onsessioninitialized: (id) => {
                    pending.delete(s);
                    sessions.set(id, s);
                },
            }) };
        s.http.onmessage = (m) => {
            if (isRequestOrNotification(m) && 'id' in m && m.id !== undefined)
                s.inFlight.push(m.id);
            void child.send(m).catch(() => undefined);
        };
        child.onmessage = (m) => {
            if (isResponse(m)) {
                s.inFlight = s.inFlight.filter((id) => id !== m.id);
                void s.http.send(m).catch(() => undefined);
                return;
            }
            const related = s.inFlight.at(-1);
            void s.http.send(m, related === undefined ? undefined : { relatedRequestId: related }).catch(() => undefined);
        };
        const end = () => {
            pending.delete(s);
            const id = s.http.sessionId;
            if (id !== undefined)
                sessions.delete(id);
            void child.close().catch(() => undefined);
            void s.http.close().catch(() => undefined);
        };
        s.http.onclose = end;
        child.onclose = () => {
            log(`verbatim guard: MCP server child for session ${s.http.sessionId ?? '(initializing)'} exited`);
            end();
        };
        child.onerror = (e) => log(`verbatim guard: MCP server child: ${e.message}`);
        pending.add(s);
        await child.start();
        return s;
    }
    return {
        async handle(req, res, v) {
            const sid = req.headers['mcp-session-id'];
            if (typeof sid === 'string') {
                const s = sessions.get(sid);
                if (s === undefined) {
                    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }));
                    return;
                }
                await s.http.handleRequest(req, res, v.value ?? undefined);
                return;
            }
            if (v.rpc?.kind !== 'request' || v.rpc.method !== 'initialize') {
                res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request: no session; initialize first' } }));
                return;
            }
            if (sessions.size + pending.size >= cfg.maxSessions) {
                writeProblem(res, new VerbatimError('ERR_GUARD_EXECUTOR_BUSY', `${cfg.maxSessions} MCP sessions are open`), v.decisionId);
                return;
            }
            let s;
            try {
                s = await open();
            }
            catch (e) {
                writeProblem(res, new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', `cannot start the MCP server: ${e.message}`, { cause: e }), v.decisionId);
                return;
            }
            await s.http.handleRequest(req, res, v.value ?? undefined);
        },
        async close() {
            await Promise.all([...sessions.values(), ...pending].map(async (s) => {
                await s.child.close().catch(() => undefined);
                await s.http.close().catch(() => undefined);
            }));
        },
    };
}
//# sourceMappingURL=mcp-stdio.js.map