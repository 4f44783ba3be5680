/** @module guard/node: the plain node:http adapter of the guard. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BodyLimits } from '../intake/index.js';
import type { GuardOptions } from './core.js';
import type { VerifiedBinding } from './types.js';
export type GuardedNodeHandler = (req: IncomingMessage, res: ServerResponse, verified: VerifiedBinding) => void | Promise<void>;
/** Reads the whole body, stopping at `max` bytes without buffering more (intake's reader). */
export declare function readNodeBody(req: IncomingMessage, max: number, extra?: Pick<BodyLimits, 'budget' | 'signal'>): Promise<Uint8Array>;
/** An MCP GET or DELETE: a body behind it is a framing fault, and is never read. */
export declare function noBody(req: {
    headers: Record<string, string | string[] | undefined>;
}): void;
/** Writes an RFC 9457 problem for a VerbatimError (or ERR_INTERNAL). */
export declare function writeProblem(res: ServerResponse, err: unknown, decisionId?: string): void;
/**
 * Wraps a node:http handler: it runs only on a verified binding, after the execution record is
 * durable, and gets the VerifiedBinding. Refusals are problem+json 401/403/503. The receipt header is
 * added when the handler writes its head (explicitly or implicitly), signed over that status.
 * @example
 * createServer(guardNodeHandler({ audience, keys }, (req, res, v) => { res.end(JSON.stringify(run(v.tool, v.value))) }))
 */
export declare function guardNodeHandler(options: GuardOptions, handler: GuardedNodeHandler): (req: IncomingMessage, res: ServerResponse) => void;
