/** @module observe/log: structured JSON logs (pino): one line per call, lifecycle lines, never a secret. */
import { pino } from 'pino';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
/**
 * A pino logger to `destination` (stderr by default): JSON lines with `time`, `level`, `name`.
 * Lines written in capitals (REFUSING, RECEIPT FAULT, WARNING, FAILED) are warnings.
 */
export function createLogs(o = { name: 'verbatim' }) {
    const logger = pino({ name: o.name, level: o.level ?? 'info', base: { pid: process.pid } }, (o.destination ?? process.stderr));
    return {
        logger,
        line: (text) => (/\b(REFUSING|FAULT|WARNING|FAILED|ERROR)\b/.test(text) ? logger.warn(text) : logger.info(text)),
        call: (c) => logger.info({ ...c, event: 'call' }, 'call'),
    };
}
//# sourceMappingURL=log.js.map