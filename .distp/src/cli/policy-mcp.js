const TIMEOUT_MS = 10_000;
const MAX_PAGES = 100;
/**
 * Connects to an MCP server over Streamable HTTP with the official SDK client, reads every page of
 * tools/list and closes. A server that cannot be reached is a fault named by its URL, not a throw.
 */
export async function mcpToolSchemas(url, timeoutMs = TIMEOUT_MS) {
    let target;
    try {
        target = new URL(url);
    }
    catch {
        return { tools: [], faults: [{ file: url, line: 0, col: 0, message: 'not a URL' }] };
    }
    // Loaded here, so that commands without --mcp do not pay for the SDK.
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const client = new Client({ name: 'verbatim-policy-check', version: '1' });
    const transport = new StreamableHTTPClientTransport(target);
    try {
        await client.connect(transport, { timeout: timeoutMs });
        const tools = [];
        let cursor;
        for (let page = 0; page < MAX_PAGES; page++) {
            const r = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: timeoutMs });
            for (const t of r.tools)
                tools.push({ name: t.name, inputSchema: t.inputSchema, source: url });
            cursor = r.nextCursor;
            if (cursor === undefined)
                break;
        }
        return { tools, faults: [] };
    }
    catch (e) {
        return { tools: [], faults: [{ file: url, line: 0, col: 0, message: `cannot list the tools of this MCP server: ${e.message}` }] };
    }
    finally {
        await client.close().catch(() => undefined);
    }
}
//# sourceMappingURL=policy-mcp.js.map