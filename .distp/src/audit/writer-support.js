/** @module audit/writer-support: the writer's default timers, its base checkpoint body and its one error. */
import { VerbatimError } from '../errors/index.js';
/** Node's timers; the checkpoint interval is unref'd so an idle writer never holds a process open. */
export const NODE_TIMERS = {
    every(ms, task) {
        const t = setInterval(() => void task(), ms);
        t.unref();
        return () => clearInterval(t);
    },
    after(ms, task) {
        const t = setTimeout(() => void task(), ms);
        return () => clearTimeout(t);
    },
};
/** The base checkpoint of a log at `st.nextSeq`: what a writer needs to continue from there. */
export function baseBody(origin, st) {
    return { origin, size: st.nextSeq, root: st.frontier.root(), lastHash: st.lastHash, frontier: st.frontier.roots(), lastCheckpointSeq: st.lastCheckpointSeq };
}
export function unavailable(cause) {
    return new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'audit log unavailable', { cause });
}
//# sourceMappingURL=writer-support.js.map