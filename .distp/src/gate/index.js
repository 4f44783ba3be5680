/** @module gate: the agent-facing proxy. */
export { createGateApp } from './app.js';
export { startGate } from './server.js';
export { createForwarder } from './forward.js';
export { createLimiter } from './limiter.js';
export { createCircuit } from './circuit.js';
export { compileRoutes } from './routes.js';
export { probeUpstream, createProber, PROBE_TOOL } from './probe.js';
//# sourceMappingURL=index.js.map