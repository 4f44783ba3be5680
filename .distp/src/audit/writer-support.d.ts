/** @module audit/writer-support: the writer's default timers, its base checkpoint body and its one error. */
import { VerbatimError } from '../errors/index.js';
import type { BaseBody } from './base.js';
import type { LogState } from './recover.js';
import type { AuditTimers } from './writer-types.js';
/** Node's timers; the checkpoint interval is unref'd so an idle writer never holds a process open. */
export declare const NODE_TIMERS: AuditTimers;
/** The base checkpoint of a log at `st.nextSeq`: what a writer needs to continue from there. */
export declare function baseBody(origin: string, st: LogState): BaseBody;
export declare function unavailable(cause: Error): VerbatimError;
