/** @module cli/audit: `verbatim audit verify|reconcile|tail|export|explain|report`, the auditor's commands. */
import type { CommandSpec } from './command.js';
export declare const auditSpec: CommandSpec;
