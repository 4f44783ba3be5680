/** @module policy/source: one policy file (YAML or JSON), validated, with faults at file:line:col. */
import { parseYamlWithSchema } from '../config/yaml-source.js'
import type { ParsedYaml, Path, SourceFault } from '../config/yaml-source.js'
import type { PolicyFile } from './schema.js'
import { PolicyFileSchema } from './schema.js'

export interface PolicySource { path: string; text: string }
export type PolicyFault = SourceFault
export type { Path }
export type ParsedSource = ParsedYaml<PolicyFile>

/** Parses YAML 1.2 (JSON is a subset) with duplicate keys refused, then validates with zod. */
export function parseSource(src: PolicySource): ParsedSource {
  return parseYamlWithSchema(src.path, src.text, PolicyFileSchema)
}
