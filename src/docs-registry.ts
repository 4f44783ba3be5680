/** @module docs-registry: every doc generated from code, by path. A test keeps each in step. */
import { renderConfigDoc } from './config/index.js'
import { renderErrorsDoc } from './errors/index.js'

export const GENERATED_DOCS: Record<string, () => string> = {
  'docs/errors.md': renderErrorsDoc,
  'docs/config.md': renderConfigDoc,
}
