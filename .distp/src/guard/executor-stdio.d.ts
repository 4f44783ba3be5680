import type { CommandExecutorConfig } from './config.js';
import type { Executor } from './executor-http.js';
import type { VerifiedBinding } from './types.js';
/**
 * The line a call sends: the verified bytes and "\n", or the call envelope. The envelope embeds the
 * verified bytes unchanged, and its keys come in RFC 8785 order (arguments < decisionId < tool) with
 * printable-ASCII strings, so the whole line is canonical JSON too.
 */
export declare function callLine(v: Pick<VerifiedBinding, 'bytes' | 'decisionId' | 'tool'>, line?: 'arguments' | 'call'): Buffer;
/**
 * Writes the verified canonical bytes and "\n" (RFC 8785 output holds no raw newline), reads one
 * line back and answers 200 with it if it is JSON. One call at a time; up to `maxQueue` wait,
 * more is ERR_GUARD_EXECUTOR_BUSY. Restart policy: a child that exits, times out (killed) or
 * breaks the protocol fails the call in flight (never retried: it may have run); the next call
 * starts a new child, no sooner than a backoff that doubles per quick failure (up to 30 s) and
 * resets once a child has lived 10 s.
 */
export declare function stdioExecutor(cfg: CommandExecutorConfig, log?: (line: string) => void): Executor;
