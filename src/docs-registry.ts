/** @module docs-registry: every doc generated from code, by path. A test keeps each in step. */
import { renderBindingDoc, renderBindingVectorsJson } from './spec/index.js'
import { renderConfigDoc } from './config/index.js'
import { renderErrorsDoc } from './errors/index.js'
import { renderGuardConfigDoc } from './guard/config-doc.js'
import { renderPolicySchema } from './policy/index.js'

export const GENERATED_DOCS: Record<string, () => string> = {
  'docs/errors.md': renderErrorsDoc,
  'docs/binding.md': renderBindingDoc,
  'docs/binding-vectors.json': renderBindingVectorsJson,
  'docs/policy.schema.json': renderPolicySchema,
  'docs/config.md': renderConfigDoc,
  'docs/guard-config.md': renderGuardConfigDoc,
}
