export interface CircuitOptions {
    /** Consecutive connect failures or timeouts that open the circuit. */
    failures: number;
    /** Time open before trying again, drawn with jitter from [coolDownMs / 2, coolDownMs * 3 / 2]. */
    coolDownMs: number;
    /** Trial calls let through when half-open; all must succeed to close. */
    trialCalls: number;
}
export type CircuitState = 'closed' | 'open' | 'half-open';
export interface Circuit {
    readonly state: CircuitState;
    /** Throws ERR_GATE_CIRCUIT_OPEN (with a jittered Retry-After) if no call may go now; else admits one. */
    admit(): void;
    /** The outcome of an admitted call: `fault` for a connect failure or a timeout. */
    settle(outcome: 'ok' | 'fault'): void;
    /** An admitted call that was never sent (its approval failed): it was no trial. */
    abandon(): void;
}
/**
 * Closed: calls go; `failures` consecutive faults open it. Open: calls fail fast until a jittered
 * cool-down has passed (so that many gates do not all come back at one instant). Half-open: up to
 * `trialCalls` calls go; if they all succeed it closes, and any fault opens it again. Time and
 * randomness are injected.
 */
export declare function createCircuit(o: CircuitOptions, now: () => number, random?: () => number, onChange?: (s: CircuitState) => void): Circuit;
