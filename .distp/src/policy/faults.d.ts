import type { core } from 'zod';
import type { ParsedYaml, SourceFault } from '../config/yaml-source.js';
type Locate = ParsedYaml<unknown>['fault'];
/**
 * Explains every issue of one file at once, each where `yaml` saw it, sorted by position. One
 * mistake gives one fault: an unknown key that suggests a missing required key, operator or pointer
 * stands for that key's "missing" fault too.
 */
export declare function issueFaults(issues: readonly core.$ZodIssue[], locate: Locate): SourceFault[];
export {};
