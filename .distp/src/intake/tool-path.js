/** @module intake/tool-path: the tool name from the raw request target, spelled exactly one way. */
import { VerbatimError } from '../errors/index.js';
export const TOOL_NAME = /^[a-z0-9][a-z0-9_.-]{0,127}$/;
const PREFIX = '/v1/tools/';
/**
 * Reads the tool from the raw request-target (RFC 9112 §3.2, origin-form), before any URL
 * parser normalises it. Percent-encoding, dot segments, empty segments, backslashes and queries
 * are refused: the gate signs the path it saw, so it must be the only spelling.
 */
export function toolFromTarget(rawTarget) {
    if (!rawTarget.startsWith(PREFIX))
        throw new VerbatimError('ERR_GATE_NOT_FOUND', 'no such endpoint');
    const tool = rawTarget.slice(PREFIX.length);
    if (/[%?#\\/]/.test(tool))
        throw new VerbatimError('ERR_INTAKE_BAD_PATH', 'the tool path must be a plain tool name');
    if (!TOOL_NAME.test(tool)) {
        throw new VerbatimError('ERR_INTAKE_BAD_PATH', `tool names match ${TOOL_NAME.source}`);
    }
    return tool;
}
//# sourceMappingURL=tool-path.js.map