/** @module observe: metrics (Prometheus), structured logs (pino) and trace context, for the gate and the guard. */
export { createGateMetrics, createGuardMetrics } from './metrics.js';
export { createLogs, LOG_LEVELS } from './log.js';
export { validTraceparent } from './trace.js';
//# sourceMappingURL=index.js.map