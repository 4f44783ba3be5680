export declare const TOOL_NAME: RegExp;
/**
 * Reads the tool from the raw request-target (RFC 9112 §3.2, origin-form), before any URL
 * parser normalises it. Percent-encoding, dot segments, empty segments, backslashes and queries
 * are refused: the gate signs the path it saw, so it must be the only spelling.
 */
export declare function toolFromTarget(rawTarget: string): string;
