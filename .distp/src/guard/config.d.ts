import { z } from 'zod';
/** An HTTP executor on loopback (`http://127.0.0.1:9001`) or a unix socket (`unix:/run/tool.sock`). */
declare const HttpExecutorSchema: z.ZodObject<{
    http: z.ZodString;
    timeoutMs: z.ZodDefault<z.ZodNumber>;
    maxResponseBytes: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
declare const CommandExecutorSchema: z.ZodObject<{
    command: z.ZodArray<z.ZodString>;
    timeoutMs: z.ZodDefault<z.ZodNumber>;
    maxQueue: z.ZodDefault<z.ZodNumber>;
    maxLineBytes: z.ZodDefault<z.ZodNumber>;
    line: z.ZodDefault<z.ZodEnum<{
        arguments: "arguments";
        call: "call";
    }>>;
    cwd: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
/** An unmodified MCP server: Streamable HTTP on loopback, or a stdio child per session. */
declare const McpExecutorSchema: z.ZodObject<{
    mcp: z.ZodUnion<readonly [z.ZodObject<{
        http: z.ZodString;
        timeoutMs: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>, z.ZodObject<{
        command: z.ZodArray<z.ZodString>;
        cwd: z.ZodOptional<z.ZodString>;
        maxSessions: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>]>;
}, z.core.$strict>;
export declare const GuardConfigSchema: z.ZodObject<{
    listen: z.ZodPrefault<z.ZodObject<{
        host: z.ZodDefault<z.ZodString>;
        port: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    audience: z.ZodString;
    keys: z.ZodUnion<readonly [z.ZodObject<{
        jwksUrl: z.ZodURL;
    }, z.core.$strict>, z.ZodObject<{
        jwksFile: z.ZodString;
    }, z.core.$strict>]>;
    replay: z.ZodDefault<z.ZodUnion<readonly [z.ZodLiteral<"memory">, z.ZodObject<{
        redis: z.ZodString;
    }, z.core.$strict>]>>;
    audit: z.ZodPrefault<z.ZodObject<{
        dir: z.ZodDefault<z.ZodString>;
    }, z.core.$strict>>;
    signing: z.ZodPrefault<z.ZodObject<{
        keyFile: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
    skewSeconds: z.ZodDefault<z.ZodNumber>;
    maxTtlSeconds: z.ZodDefault<z.ZodNumber>;
    maxBodyBytes: z.ZodDefault<z.ZodNumber>;
    maxConnections: z.ZodDefault<z.ZodNumber>;
    maxInflightBodyBytes: z.ZodDefault<z.ZodNumber>;
    bodyTimeoutMs: z.ZodDefault<z.ZodNumber>;
    executor: z.ZodUnion<readonly [z.ZodObject<{
        http: z.ZodString;
        timeoutMs: z.ZodDefault<z.ZodNumber>;
        maxResponseBytes: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>, z.ZodObject<{
        command: z.ZodArray<z.ZodString>;
        timeoutMs: z.ZodDefault<z.ZodNumber>;
        maxQueue: z.ZodDefault<z.ZodNumber>;
        maxLineBytes: z.ZodDefault<z.ZodNumber>;
        line: z.ZodDefault<z.ZodEnum<{
            arguments: "arguments";
            call: "call";
        }>>;
        cwd: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>, z.ZodObject<{
        mcp: z.ZodUnion<readonly [z.ZodObject<{
            http: z.ZodString;
            timeoutMs: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strict>, z.ZodObject<{
            command: z.ZodArray<z.ZodString>;
            cwd: z.ZodOptional<z.ZodString>;
            maxSessions: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strict>]>;
    }, z.core.$strict>]>;
}, z.core.$strict>;
export type GuardConfig = z.infer<typeof GuardConfigSchema>;
export type GuardConfigInput = z.input<typeof GuardConfigSchema>;
export type HttpExecutorConfig = z.infer<typeof HttpExecutorSchema>;
export type CommandExecutorConfig = z.infer<typeof CommandExecutorSchema>;
export type McpExecutorConfig = z.infer<typeof McpExecutorSchema>;
/** Validates guard.yaml text; faults are `file:line:col: message`. Relative paths resolve against the file. */
export declare function parseGuardConfig(file: string, text: string): GuardConfig;
/** Validates an already-built config object (flags), with the same schema. */
export declare function checkGuardConfig(input: GuardConfigInput): GuardConfig;
export declare function loadGuardConfig(file: string): Promise<GuardConfig>;
export {};
