/** @module examples/executor/app: the sandbox executor as a hono app, every tool behind the guard middleware. */
import { Hono } from 'hono';
import type { GuardEnv, GuardOptions } from '../../src/guard/index.js';
import type { ToolContext } from './tools.js';
/**
 * POST /v1/tools/{tool}: the guard verifies the binding; the tool runs on `c.get('verbatim').value`,
 * the value of the verified bytes, and never parses the body itself.
 */
export declare function createExecutorApp(guardOptions: GuardOptions, tools: ToolContext): Hono<GuardEnv>;
