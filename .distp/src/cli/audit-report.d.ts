import type { CliIO } from './io.js';
export declare function auditReportCommand(args: string[], io: CliIO): Promise<number>;
