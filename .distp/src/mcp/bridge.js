import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
/**
 * Relays every message between a client that launched this process (stdio, as desktop clients launch
 * MCP servers) and the gate's Streamable HTTP endpoint, with the agent's token on every request. The
 * session id and the revision the server chose at initialize ride on every later request, so the
 * gate can hold the session to them. A request the gate could not take is answered with a JSON-RPC
 * error, so the client is never left waiting.
 */
export async function startBridge(o) {
    const log = o.log ?? (() => undefined);
    const http = new StreamableHTTPClientTransport(o.endpoint, { requestInit: { headers: { authorization: `Bearer ${o.token}` } } });
    const stdin = o.stdin ?? process.stdin;
    const stdio = new StdioServerTransport(stdin, o.stdout);
    // Requests sent on and not yet answered: at the end of stdin, the bridge waits for them, then exits.
    const open = new Set();
    let inputEnded = false;
    const initializing = new Set();
    let done;
    const closed = new Promise((r) => (done = r));
    let ended = false;
    const end = async () => {
        if (ended)
            return;
        ended = true;
        await http.close().catch(() => undefined);
        await stdio.close().catch(() => undefined);
        done();
    };
    const settle = (id) => {
        if (id !== undefined)
            open.delete(id);
        if (inputEnded && open.size === 0 && held.length === 0)
            void end();
    };
    const forward = (m) => {
        if ('method' in m && 'id' in m && m.id !== undefined)
            open.add(m.id);
        http.send(m).catch((e) => {
            if (ended)
                return; // closing aborts what is still open: not a refusal
            log(`verbatim mcp-bridge: the gate refused a message: ${e.message}`);
            if ('method' in m && 'id' in m)
                void stdio.send({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: `verbatim gate: ${e.message}` } }).catch(() => undefined);
            if ('id' in m && m.id !== undefined && initializing.delete(m.id))
                release();
            if ('id' in m)
                settle(m.id);
        });
    };
    // Messages behind an unanswered initialize wait for its answer: they need its session and revision.
    const held = [];
    stdio.onmessage = (m) => {
        if (initializing.size > 0) {
            held.push(m);
            return;
        }
        if ('method' in m && m.method === 'initialize' && 'id' in m && m.id !== undefined)
            initializing.add(m.id);
        forward(m);
    };
    const release = () => {
        while (initializing.size === 0 && held.length > 0)
            stdio.onmessage?.(held.shift());
    };
    http.onmessage = (m) => {
        // The revision the server chose is sent on every later request (MCP-Protocol-Version).
        if ('id' in m && m.id !== undefined && initializing.delete(m.id) && 'result' in m) {
            const v = m.result.protocolVersion;
            if (typeof v === 'string')
                http.setProtocolVersion(v);
        }
        void stdio.send(m).catch(() => undefined);
        release();
        if (!('method' in m) && 'id' in m)
            settle(m.id);
    };
    http.onerror = (e) => {
        if (!ended)
            log(`verbatim mcp-bridge: ${e.message}`);
    };
    stdio.onclose = () => void end();
    http.onclose = () => void end();
    stdin.once('end', () => {
        inputEnded = true;
        settle(undefined);
    });
    await http.start();
    await stdio.start();
    return { closed, close: end };
}
//# sourceMappingURL=bridge.js.map