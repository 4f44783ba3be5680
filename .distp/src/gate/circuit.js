/** @module gate/circuit: a circuit breaker per upstream: fail fast while it is down, come back gently. */
import { VerbatimError } from '../errors/index.js';
/**
 * Closed: calls go; `failures` consecutive faults open it. Open: calls fail fast until a jittered
 * cool-down has passed (so that many gates do not all come back at one instant). Half-open: up to
 * `trialCalls` calls go; if they all succeed it closes, and any fault opens it again. Time and
 * randomness are injected.
 */
export function createCircuit(o, now, random = Math.random, onChange) {
    let state = 'closed';
    let faults = 0;
    let openUntil = 0;
    let trials = 0;
    let trialOk = 0;
    const set = (s) => {
        if (s !== state)
            onChange?.(s);
        state = s;
    };
    const open = () => {
        openUntil = now() + o.coolDownMs * (0.5 + random());
        set('open');
    };
    return {
        get state() {
            if (state === 'open' && now() >= openUntil)
                return 'half-open';
            return state;
        },
        admit() {
            if (state === 'open') {
                if (now() < openUntil) {
                    const wait = Math.max(1, Math.ceil((openUntil - now()) / 1000) + Math.floor(random() * 3));
                    throw new VerbatimError('ERR_GATE_CIRCUIT_OPEN', 'the upstream is failing; calls fail fast until it recovers', { detail: { retryAfter: wait, shed: 'circuit' } });
                }
                set('half-open');
                trials = 0;
                trialOk = 0;
            }
            if (state === 'half-open') {
                if (trials >= o.trialCalls)
                    throw new VerbatimError('ERR_GATE_CIRCUIT_OPEN', 'the upstream is being tried again; calls fail fast until the trial calls succeed', { detail: { retryAfter: 1 + Math.floor(random() * 3), shed: 'circuit' } });
                trials++;
            }
        },
        settle(outcome) {
            if (outcome === 'fault') {
                faults++;
                if (state === 'half-open' || faults >= o.failures)
                    open();
                return;
            }
            faults = 0;
            if (state === 'half-open' && ++trialOk >= o.trialCalls)
                set('closed');
        },
        abandon() {
            if (state === 'half-open' && trials > 0)
                trials--;
        },
    };
}
//# sourceMappingURL=circuit.js.map