import type { VerifyReport } from '../audit/index.js';
import type { CliIO } from './io.js';
export declare function auditVerifyCommand(args: string[], io: CliIO): Promise<number>;
export declare function renderReport(label: string, r: VerifyReport, trusted: boolean): string;
