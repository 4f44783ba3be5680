/** @module gate: the agent-facing proxy. */
export { createGateApp } from './app.js';
export type { GateDeps, AuditSink, UpstreamRuntime, GuardState } from './deps.js';
export { startGate } from './server.js';
export type { GateHandle, StartGateOptions } from './server.js';
export { createForwarder } from './forward.js';
export type { Forwarder, ForwardRequest, ForwardResponse } from './forward.js';
export { createLimiter } from './limiter.js';
export type { Limiter, Timer } from './limiter.js';
export { createCircuit } from './circuit.js';
export type { Circuit, CircuitOptions, CircuitState } from './circuit.js';
export { compileRoutes } from './routes.js';
export { probeUpstream, createProber, PROBE_TOOL } from './probe.js';
export type { Prober, ProbeResult, SetTimer } from './probe.js';
