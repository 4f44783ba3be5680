import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GENERATED_DOCS } from '../src/docs-registry.js'

describe('generated docs', () => {
  it.each(Object.keys(GENERATED_DOCS))('%s is in step with the code (npm run docs regenerates it)', (file) => {
    const have = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')
    expect(have).toBe(GENERATED_DOCS[file]?.())
  })
})
