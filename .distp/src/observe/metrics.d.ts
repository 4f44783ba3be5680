/** @module observe/metrics: Prometheus metrics (prom-client) of the gate and the guard, one registry per process. */
import { Registry } from 'prom-client';
/** What a state gauge reads: a circuit, a guard state, the queue of each upstream. */
export interface UpstreamView {
    name: string;
    queued: number;
    active: number;
    /** 0 closed, 1 half-open, 2 open. */
    circuit: number;
    /** 1 when the gate forwards to it (guarded, or guarded: false). */
    forwarding: number;
}
export interface GateMetrics {
    registry: Registry;
    contentType: string;
    render(): Promise<string>;
    decision(verdict: string, code: string, rule: string): void;
    call(overheadSeconds: number, upstream: string | undefined, upstreamSeconds: number | undefined): void;
    shed(reason: 'queue' | 'circuit' | 'connections' | 'pipeline' | 'budget'): void;
    policyReload(ok: boolean): void;
    auditBatch(records: number, fsyncSeconds: number): void;
}
/**
 * The gate's metrics. Counters and histograms are fed per call; the upstream gauges are read when
 * scraped. Labels are bounded: verdicts, error codes, rule ids and upstream names come from the
 * code and the config, never from a request.
 */
export declare function createGateMetrics(upstreams: () => UpstreamView[], prefix?: string): GateMetrics;
export interface GuardMetrics {
    registry: Registry;
    contentType: string;
    render(): Promise<string>;
    refusal(code: string): void;
    execution(status: number, seconds: number): void;
    replayStoreError(): void;
    shed(reason: 'connections' | 'pipeline' | 'budget'): void;
    auditBatch(records: number, fsyncSeconds: number): void;
}
/** The guard's metrics: refusals by code, executions and their latency, replay-store errors, sheds, the executed log. */
export declare function createGuardMetrics(prefix?: string): GuardMetrics;
