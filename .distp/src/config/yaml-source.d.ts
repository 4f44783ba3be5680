import type { z } from 'zod';
export interface SourceFault {
    file: string;
    line: number;
    col: number;
    message: string;
}
export type Path = readonly PropertyKey[];
/** A parsed file: its typed content (when valid) and a way to turn a value path into a position. */
export interface ParsedYaml<T> {
    readonly file: string;
    readonly data: T | undefined;
    readonly faults: SourceFault[];
    /** A fault at the node that `path` addresses (or its deepest existing ancestor). */
    fault(path: Path, message: string, at?: 'key' | 'value'): SourceFault;
}
/**
 * Parses YAML 1.2 (JSON is a subset) with duplicate keys refused, lets `prepare` adjust the plain
 * value (environment overrides), then validates with zod; each issue is placed where `yaml` saw it.
 */
export declare function parseYamlWithSchema<T>(file: string, text: string, schema: z.ZodType<T>, prepare?: (raw: unknown) => unknown): ParsedYaml<T>;
/** `file:line:col: message`; a fault with no position (line 0) is `source: message`. */
export declare function formatFault(f: SourceFault): string;
