/** @module config/schema: the zod schema of verbatim.yaml, the single source of the config types. */
import { z } from 'zod';
export declare const AgentSchema: z.ZodObject<{
    id: z.ZodString;
    token: z.ZodUnion<readonly [z.ZodObject<{
        env: z.ZodString;
    }, z.core.$strict>, z.ZodObject<{
        sha256: z.ZodString;
    }, z.core.$strict>]>;
}, z.core.$strict>;
/** A trusted key set: a pinned JWKS file, or a JWKS URL that is https or on loopback (never cleartext across the path it protects). */
export declare const KeySetSchema: z.ZodUnion<readonly [z.ZodObject<{
    jwksUrl: z.ZodURL;
}, z.core.$strict>, z.ZodObject<{
    jwksFile: z.ZodString;
}, z.core.$strict>]>;
/** A file of tool schemas: the shape of an MCP tools/list result, so a saved one serves as is (other keys are ignored). */
export declare const ToolListFileSchema: z.ZodObject<{
    tools: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        inputSchema: z.ZodRecord<z.ZodString, z.ZodJSONSchema>;
    }, z.core.$loose>>;
}, z.core.$loose>;
/** Where an upstream's tool input schemas come from, for `verbatim policy check` and the gate's start-up check. */
export declare const ToolSchemasSchema: z.ZodUnion<readonly [z.ZodObject<{
    file: z.ZodString;
}, z.core.$strict>, z.ZodObject<{
    tools: z.ZodArray<z.ZodObject<{
        description: z.ZodOptional<z.ZodString>;
        name: z.ZodString;
        inputSchema: z.ZodRecord<z.ZodString, z.ZodJSONSchema>;
    }, z.core.$strict>>;
}, z.core.$strict>]>;
export declare const UpstreamSchema: z.ZodObject<{
    name: z.ZodString;
    url: z.ZodURL;
    audience: z.ZodString;
    timeoutMs: z.ZodDefault<z.ZodNumber>;
    connectTimeoutMs: z.ZodDefault<z.ZodNumber>;
    firstByteTimeoutMs: z.ZodOptional<z.ZodNumber>;
    queueTimeoutMs: z.ZodDefault<z.ZodNumber>;
    retryConnect: z.ZodDefault<z.ZodBoolean>;
    circuit: z.ZodPrefault<z.ZodObject<{
        failures: z.ZodDefault<z.ZodNumber>;
        coolDownMs: z.ZodDefault<z.ZodNumber>;
        trialCalls: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    maxConcurrent: z.ZodDefault<z.ZodNumber>;
    maxQueue: z.ZodDefault<z.ZodNumber>;
    maxResponseBytes: z.ZodDefault<z.ZodNumber>;
    guarded: z.ZodDefault<z.ZodBoolean>;
    receipts: z.ZodOptional<z.ZodUnion<readonly [z.ZodObject<{
        jwksUrl: z.ZodURL;
    }, z.core.$strict>, z.ZodObject<{
        jwksFile: z.ZodString;
    }, z.core.$strict>]>>;
    toolSchemas: z.ZodOptional<z.ZodUnion<readonly [z.ZodObject<{
        file: z.ZodString;
    }, z.core.$strict>, z.ZodObject<{
        tools: z.ZodArray<z.ZodObject<{
            description: z.ZodOptional<z.ZodString>;
            name: z.ZodString;
            inputSchema: z.ZodRecord<z.ZodString, z.ZodJSONSchema>;
        }, z.core.$strict>>;
    }, z.core.$strict>]>>;
}, z.core.$strict>;
/** Methods that pass an MCP server without a policy decision (still canonicalised, bound and audited). */
export declare const DEFAULT_MCP_PASS: readonly ["initialize", "ping", "notifications/*", "tools/list", "resources/list", "prompts/list"];
export declare const McpServerSchema: z.ZodObject<{
    name: z.ZodString;
    upstream: z.ZodString;
    path: z.ZodDefault<z.ZodString>;
    pass: z.ZodDefault<z.ZodArray<z.ZodString>>;
    allowedOrigins: z.ZodDefault<z.ZodArray<z.ZodString>>;
    allowedHosts: z.ZodOptional<z.ZodArray<z.ZodString>>;
}, z.core.$strict>;
export declare const RouteSchema: z.ZodObject<{
    tools: z.ZodArray<z.ZodString>;
    upstream: z.ZodString;
}, z.core.$strict>;
export declare const ConfigSchema: z.ZodObject<{
    listen: z.ZodPrefault<z.ZodObject<{
        host: z.ZodDefault<z.ZodString>;
        port: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    policies: z.ZodArray<z.ZodString>;
    agents: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        token: z.ZodUnion<readonly [z.ZodObject<{
            env: z.ZodString;
        }, z.core.$strict>, z.ZodObject<{
            sha256: z.ZodString;
        }, z.core.$strict>]>;
    }, z.core.$strict>>;
    upstreams: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        url: z.ZodURL;
        audience: z.ZodString;
        timeoutMs: z.ZodDefault<z.ZodNumber>;
        connectTimeoutMs: z.ZodDefault<z.ZodNumber>;
        firstByteTimeoutMs: z.ZodOptional<z.ZodNumber>;
        queueTimeoutMs: z.ZodDefault<z.ZodNumber>;
        retryConnect: z.ZodDefault<z.ZodBoolean>;
        circuit: z.ZodPrefault<z.ZodObject<{
            failures: z.ZodDefault<z.ZodNumber>;
            coolDownMs: z.ZodDefault<z.ZodNumber>;
            trialCalls: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strict>>;
        maxConcurrent: z.ZodDefault<z.ZodNumber>;
        maxQueue: z.ZodDefault<z.ZodNumber>;
        maxResponseBytes: z.ZodDefault<z.ZodNumber>;
        guarded: z.ZodDefault<z.ZodBoolean>;
        receipts: z.ZodOptional<z.ZodUnion<readonly [z.ZodObject<{
            jwksUrl: z.ZodURL;
        }, z.core.$strict>, z.ZodObject<{
            jwksFile: z.ZodString;
        }, z.core.$strict>]>>;
        toolSchemas: z.ZodOptional<z.ZodUnion<readonly [z.ZodObject<{
            file: z.ZodString;
        }, z.core.$strict>, z.ZodObject<{
            tools: z.ZodArray<z.ZodObject<{
                description: z.ZodOptional<z.ZodString>;
                name: z.ZodString;
                inputSchema: z.ZodRecord<z.ZodString, z.ZodJSONSchema>;
            }, z.core.$strict>>;
        }, z.core.$strict>]>>;
    }, z.core.$strict>>;
    routes: z.ZodDefault<z.ZodArray<z.ZodObject<{
        tools: z.ZodArray<z.ZodString>;
        upstream: z.ZodString;
    }, z.core.$strict>>>;
    mcp: z.ZodPrefault<z.ZodObject<{
        servers: z.ZodDefault<z.ZodArray<z.ZodObject<{
            name: z.ZodString;
            upstream: z.ZodString;
            path: z.ZodDefault<z.ZodString>;
            pass: z.ZodDefault<z.ZodArray<z.ZodString>>;
            allowedOrigins: z.ZodDefault<z.ZodArray<z.ZodString>>;
            allowedHosts: z.ZodOptional<z.ZodArray<z.ZodString>>;
        }, z.core.$strict>>>;
    }, z.core.$strict>>;
    signing: z.ZodObject<{
        keyFile: z.ZodString;
        keyId: z.ZodOptional<z.ZodString>;
        ttlSeconds: z.ZodDefault<z.ZodNumber>;
        previousKeys: z.ZodDefault<z.ZodArray<z.ZodString>>;
    }, z.core.$strict>;
    audit: z.ZodPrefault<z.ZodObject<{
        dir: z.ZodDefault<z.ZodString>;
        checkpointEvery: z.ZodDefault<z.ZodNumber>;
        checkpointIntervalMs: z.ZodDefault<z.ZodNumber>;
        arguments: z.ZodDefault<z.ZodEnum<{
            none: "none";
            redacted: "redacted";
            full: "full";
        }>>;
        redact: z.ZodDefault<z.ZodArray<z.ZodString>>;
    }, z.core.$strict>>;
    limits: z.ZodPrefault<z.ZodObject<{
        maxBodyBytes: z.ZodDefault<z.ZodNumber>;
        maxDepth: z.ZodDefault<z.ZodNumber>;
        maxConnections: z.ZodDefault<z.ZodNumber>;
        maxInflightBodyBytes: z.ZodDefault<z.ZodNumber>;
        bodyTimeoutMs: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    canonical: z.ZodPrefault<z.ZodObject<{
        rejectCaseCollisions: z.ZodDefault<z.ZodBoolean>;
        rejectPrototypeKeys: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>>;
    forward: z.ZodPrefault<z.ZodObject<{
        headers: z.ZodDefault<z.ZodArray<z.ZodString>>;
    }, z.core.$strict>>;
    probe: z.ZodPrefault<z.ZodObject<{
        intervalMs: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type Upstream = z.infer<typeof UpstreamSchema>;
export type McpServerConfig = z.infer<typeof McpServerSchema>;
export type AgentConfig = z.infer<typeof AgentSchema>;
