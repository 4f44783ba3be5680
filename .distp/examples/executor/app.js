/** @module examples/executor/app: the sandbox executor as a hono app, every tool behind the guard middleware. */
import { Hono } from 'hono';
import { guard } from '../../src/guard/index.js';
import { runTool } from './tools.js';
import { ToolError } from './workspace.js';
/**
 * POST /v1/tools/{tool}: the guard verifies the binding; the tool runs on `c.get('verbatim').value`,
 * the value of the verified bytes, and never parses the body itself.
 */
export function createExecutorApp(guardOptions, tools) {
    const app = new Hono();
    app.get('/healthz', (c) => c.json({ ok: true }));
    app.use('/v1/tools/*', guard(guardOptions));
    app.post('/v1/tools/:tool', async (c) => {
        const v = c.get('verbatim');
        try {
            const result = await runTool(v.tool, v.value, tools);
            return c.json({ ok: true, decisionId: v.decisionId, tool: v.tool, result });
        }
        catch (e) {
            const status = e instanceof ToolError ? e.status : 500;
            const message = e instanceof ToolError ? e.message : 'tool failed';
            return c.json({ ok: false, decisionId: v.decisionId, tool: v.tool, error: message }, status);
        }
    });
    return app;
}
//# sourceMappingURL=app.js.map