import type { SigningKey } from '../binding/index.js';
import type { Forwarder } from './forward.js';
import type { GuardState, UpstreamRuntime } from './deps.js';
export declare const PROBE_TOOL = "verbatim.probe";
export interface ProbeResult {
    upstream: string;
    verdict: GuardState;
    details: string[];
}
/**
 * Three requests a guard must refuse with its specific code: no signature, a corrupted signature,
 * and a digest that does not match the body. An answer without a guard's refusal marks the
 * upstream unguarded; a guard's refusal with another code, misconfigured; an unreachable
 * upstream stays unknown. The gate forwards only to upstreams found guarded.
 */
export declare function probeUpstream(u: UpstreamRuntime, key: SigningKey, forward: Forwarder, nowMs: number, nonce: () => string): Promise<ProbeResult>;
/** Schedules `fn` once after `ms`; returns a cancel function. Injected so tests drive the periodic probe. */
export type SetTimer = (fn: () => void, ms: number) => () => void;
export interface Prober {
    /** Probes every upstream now. */
    probeAll(): Promise<void>;
    /** Probes one upstream again, at most once per `minIntervalMs`; concurrent callers share the probe. */
    reprobe(u: UpstreamRuntime): Promise<void>;
    /** Probes every upstream every `intervalMs` (jittered ±20%) until stopped; returns the stop function. */
    every(intervalMs: number, setTimer?: SetTimer): () => void;
}
/** Keeps each upstream's guard state current; the gate forwards only to upstreams found guarded. */
export declare function createProber(upstreams: Iterable<UpstreamRuntime>, key: SigningKey, forward: Forwarder, opts: {
    now: () => number;
    nonce: () => string;
    log: (line: string) => void;
    minIntervalMs?: number;
    random?: () => number;
}): Prober;
