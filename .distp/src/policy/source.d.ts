import type { ParsedYaml, Path, SourceFault } from '../config/yaml-source.js';
import type { PolicyFile, Rule } from './schema.js';
export interface PolicySource {
    path: string;
    text: string;
}
export type PolicyFault = SourceFault;
export type { Path };
/** A rule that validates on its own, and its index in the file's `rules:`. */
export interface SourceRule {
    readonly index: number;
    readonly rule: Rule;
}
export interface ParsedSource extends ParsedYaml<PolicyFile> {
    /** Every rule of the file that validates on its own, even when another part of the file does not. */
    readonly rules: readonly SourceRule[];
    /** The id of every rule that has a string id, valid or not, so duplicates show with other faults. */
    readonly ids: readonly {
        readonly index: number;
        readonly id: string;
    }[];
}
/**
 * Parses YAML 1.2 (JSON is a subset) with duplicate keys refused, then validates with zod. Every
 * fault of the file comes at once, and the rules that are valid on their own are kept, so that the
 * checks that follow (duplicate ids, patterns, routes, tool schemas) report on them in the same run.
 */
export declare function parseSource(src: PolicySource): ParsedSource;
