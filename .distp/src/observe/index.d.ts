/** @module observe: metrics (Prometheus), structured logs (pino) and trace context, for the gate and the guard. */
export { createGateMetrics, createGuardMetrics } from './metrics.js';
export type { GateMetrics, GuardMetrics, UpstreamView } from './metrics.js';
export { createLogs, LOG_LEVELS } from './log.js';
export type { CallLine, LogLevel, Logs } from './log.js';
export { validTraceparent } from './trace.js';
