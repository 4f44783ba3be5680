/** @module gate/limiter: bounded concurrency with a bounded, timed queue, per upstream. */
import { VerbatimError } from '../errors/index.js';
const realTimer = (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
};
const overloaded = (why) => new VerbatimError('ERR_GATE_OVERLOADED', why, { detail: { shed: 'queue' } });
/**
 * At most `maxConcurrent` tasks run; up to `maxQueue` wait in FIFO order, each at most
 * `queueTimeoutMs`; beyond either the call is refused at once (503, jittered Retry-After) rather than
 * piling up behind a failing upstream (DESIGN invariant 7).
 */
export function createLimiter(maxConcurrent, maxQueue, queueTimeoutMs = Infinity, timer = realTimer) {
    let active = 0;
    const waiting = [];
    const release = () => {
        const next = waiting.shift();
        if (next)
            next.grant();
        else
            active--;
    };
    const once = () => {
        let done = false;
        return () => {
            if (done)
                return;
            done = true;
            release();
        };
    };
    const acquire = () => {
        if (active < maxConcurrent) {
            active++;
            return Promise.resolve(once());
        }
        if (waiting.length >= maxQueue)
            return Promise.reject(overloaded('upstream concurrency limit and queue are full'));
        return new Promise((resolve, reject) => {
            let cancel = () => undefined;
            const entry = {
                grant: () => {
                    cancel();
                    resolve(once());
                },
            };
            waiting.push(entry);
            if (Number.isFinite(queueTimeoutMs)) {
                cancel = timer(() => {
                    const i = waiting.indexOf(entry);
                    if (i < 0)
                        return;
                    waiting.splice(i, 1);
                    reject(overloaded(`no slot to the upstream within ${queueTimeoutMs} ms`));
                }, queueTimeoutMs);
            }
        });
    };
    return {
        acquire,
        get active() {
            return active;
        },
        get queued() {
            return waiting.length;
        },
        async run(task) {
            const done = await acquire();
            try {
                return await task();
            }
            finally {
                done();
            }
        },
    };
}
//# sourceMappingURL=limiter.js.map