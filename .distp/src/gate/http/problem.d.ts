import type { Reply } from './exchange.js';
export declare function problemReply(err: unknown, decisionId?: string): Reply;
export declare function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply;
