/** @module guard/config: the zod schema of guard.yaml (the standalone guard), the single source of its types. */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { KeySetSchema, formatFault, parseYamlWithSchema } from '../config/index.js';
import { VerbatimError } from '../errors/index.js';
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
/** An HTTP executor on loopback (`http://127.0.0.1:9001`) or a unix socket (`unix:/run/tool.sock`). */
const HttpExecutorSchema = z.strictObject({
    http: z.string().refine((u) => {
        if (u.startsWith('unix:/'))
            return true;
        try {
            const url = new URL(u);
            return url.protocol === 'http:' && LOOPBACK.test(url.hostname);
        }
        catch {
            return false;
        }
    }, 'an http:// URL on loopback, or unix:/path.sock: the executor must not be reachable except through the guard').describe('Where the executor listens'),
    timeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe('Time allowed for the executor to answer'),
    maxResponseBytes: z.number().int().min(1).default(16 * 1024 * 1024).describe('Largest executor response relayed'),
});
const CommandExecutorSchema = z.strictObject({
    command: z.array(z.string().min(1)).min(1).describe('argv of a child process speaking newline-delimited JSON on stdio'),
    timeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe('Time allowed for one answer line; on timeout the child is killed and restarted'),
    maxQueue: z.number().int().min(0).max(100_000).default(64).describe('Calls waiting while one runs; beyond it ERR_GUARD_EXECUTOR_BUSY'),
    maxLineBytes: z.number().int().min(2).default(16 * 1024 * 1024).describe('Longest answer line accepted'),
    line: z.enum(['arguments', 'call']).default('arguments').describe('What each call line holds: the verified arguments bytes alone, or {"arguments":<those bytes>,"decisionId":…,"tool":…} (itself RFC 8785 canonical), so a child serving several tools learns which one'),
    cwd: z.string().optional().describe('Working directory of the child'),
});
const loopbackUrl = (u) => {
    try {
        const url = new URL(u);
        return url.protocol === 'http:' && LOOPBACK.test(url.hostname);
    }
    catch {
        return false;
    }
};
/** An unmodified MCP server: Streamable HTTP on loopback, or a stdio child per session. */
const McpExecutorSchema = z.strictObject({
    mcp: z.union([
        z.strictObject({
            http: z.string().refine(loopbackUrl, 'an http:// URL on loopback: the MCP server must not be reachable except through the guard').describe("The server's Streamable HTTP endpoint, e.g. http://127.0.0.1:3001/mcp"),
            timeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe("Time allowed for an answer's head"),
        }),
        z.strictObject({
            command: z.array(z.string().min(1)).min(1).describe('argv of a stdio MCP server; one child per session'),
            cwd: z.string().optional().describe('Working directory of the children'),
            maxSessions: z.number().int().min(1).max(10_000).default(64).describe('Sessions (children) at once'),
        }),
    ]).describe('An MCP server the guard fronts: every message is verified before the server sees it'),
});
export const GuardConfigSchema = z.strictObject({
    listen: z.strictObject({
        host: z.string().default('127.0.0.1').describe('Address to bind'),
        port: z.number().int().min(0).max(65_535).default(9000).describe('Port to bind (0 picks a free one)'),
    }).prefault({}).describe('Where the guard listens (the gate forwards here)'),
    audience: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/).describe("This executor's audience, as in the gate's upstream config"),
    keys: KeySetSchema.describe('The gate keys the guard trusts'),
    replay: z.union([z.literal('memory'), z.strictObject({ redis: z.string().regex(/^rediss?:\/\//).describe('redis:// URL shared by all replicas') })])
        .default('memory').describe('Nonce store: memory (single replica; the restart rule applies) or redis'),
    audit: z.strictObject({ dir: z.string().default('.verbatim/guard-audit').describe('Directory of the executed log') }).prefault({}),
    signing: z.strictObject({
        keyFile: z.string().min(1).optional().describe("The guard's own Ed25519 key (verbatim keys generate); without it an ephemeral key signs receipts"),
    }).prefault({}),
    skewSeconds: z.number().int().min(0).max(300).default(30).describe('Allowed clock difference with the gate'),
    maxTtlSeconds: z.number().int().min(1).max(3600).default(300).describe('Longest binding window accepted'),
    maxBodyBytes: z.number().int().min(2).max(64 * 1024 * 1024).default(1024 * 1024).describe('Largest request body'),
    maxConnections: z.number().int().min(1).max(1_000_000).default(1024).describe('Open connections at once; beyond it a new connection gets 503 ERR_GUARD_OVERLOADED and is closed'),
    maxInflightBodyBytes: z.number().int().min(1024).default(64 * 1024 * 1024).describe('Body bytes buffered across all requests at once; beyond it 503 ERR_GUARD_OVERLOADED'),
    bodyTimeoutMs: z.number().int().min(1).max(600_000).default(30_000).describe('Time allowed for a whole body to arrive; beyond it 408 ERR_INTAKE_BODY_TIMEOUT'),
    executor: z.union([HttpExecutorSchema, CommandExecutorSchema, McpExecutorSchema]).describe('The executor the guard hands verified bytes to'),
});
function configError(message, detail) {
    return new VerbatimError('ERR_CONFIG_INVALID', message, detail === undefined ? {} : { detail });
}
/** Validates guard.yaml text; faults are `file:line:col: message`. Relative paths resolve against the file. */
export function parseGuardConfig(file, text) {
    const parsed = parseYamlWithSchema(file, text, GuardConfigSchema);
    if (parsed.data === undefined)
        throw configError(parsed.faults.map(formatFault).join('\n'), { faults: parsed.faults });
    const base = dirname(resolve(file));
    const abs = (p) => (isAbsolute(p) ? p : resolve(base, p));
    const c = parsed.data;
    const out = { ...c, audit: { dir: abs(c.audit.dir) } };
    if ('jwksFile' in c.keys)
        out.keys = { jwksFile: abs(c.keys.jwksFile) };
    if (c.signing.keyFile !== undefined)
        out.signing = { keyFile: abs(c.signing.keyFile) };
    if ('command' in c.executor && c.executor.cwd !== undefined)
        out.executor = { ...c.executor, cwd: abs(c.executor.cwd) };
    if ('mcp' in c.executor && 'command' in c.executor.mcp && c.executor.mcp.cwd !== undefined)
        out.executor = { mcp: { ...c.executor.mcp, cwd: abs(c.executor.mcp.cwd) } };
    return out;
}
/** Validates an already-built config object (flags), with the same schema. */
export function checkGuardConfig(input) {
    const r = GuardConfigSchema.safeParse(input);
    if (!r.success)
        throw configError(r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'));
    return r.data;
}
export async function loadGuardConfig(file) {
    let text;
    try {
        text = await readFile(file, 'utf8');
    }
    catch (cause) {
        throw new VerbatimError('ERR_CONFIG_INVALID', `${file}: cannot read config (${cause.code ?? 'error'})`, { cause });
    }
    return parseGuardConfig(file, text);
}
//# sourceMappingURL=config.js.map