import type { AuditWriter, AuditWriterOptions } from './writer-types.js';
/**
 * Opens the process's log in `opts.dir`: recovers a torn tail (cut, saved, and described in a
 * `recovery` record), then writes `start`, durably, before resolving.
 * @example
 * const audit = await openAuditWriter({ dir: '/var/log/verbatim', process: 'gate', signer })
 * await audit.append('decision', { decisionId, verdict: 'allow', ... }) // durable now
 */
export declare function openAuditWriter(opts: AuditWriterOptions): Promise<AuditWriter>;
