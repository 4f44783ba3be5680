export { verifyBinding } from './verify.js';
export { MemoryReplayStore } from './replay-memory.js';
export { RedisReplayStore } from './replay-redis.js';
export { jwksKeyResolver, signReceipt, verifyReceipt, RECEIPT_HEADER, RECEIPT_TYP } from '../binding/index.js';
export { createGuardCore } from './core.js';
export { guard } from './middleware.js';
export { guardNodeHandler, readNodeBody, writeProblem } from './node.js';
export { splitTarget } from './target.js';
export { GuardConfigSchema, parseGuardConfig, checkGuardConfig, loadGuardConfig } from './config.js';
export { startGuard } from './standalone.js';
export { httpExecutor } from './executor-http.js';
export { stdioExecutor } from './executor-stdio.js';
export { loadGuardKey } from './guard-key.js';
export { seedReplayFromLog } from './replay-seed.js';
export { openExecutedLog } from './executed-log.js';
//# sourceMappingURL=index.js.map