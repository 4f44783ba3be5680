import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERRORS, ERROR_CODES, STATUS_BY_CODE, VerbatimError, renderErrorsDoc, toProblem } from '../../src/errors/index.js'

describe('error table', () => {
  it('gives every code the ERR_<STAGE>_<WHAT> form and a status', () => {
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^ERR_[A-Z0-9]+(_[A-Z0-9]+)*$/)
      expect(STATUS_BY_CODE[code]).toBeGreaterThanOrEqual(400)
      expect(STATUS_BY_CODE[code]).toBe(ERRORS[code].status)
    }
  })

  it('keeps docs/errors.md in step with the table', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    expect(doc).toBe(renderErrorsDoc())
    for (const code of ERROR_CODES) expect(doc).toContain(`\`${code}\``)
  })

  it('builds a problem with code, status and decisionId', () => {
    const p = toProblem(new VerbatimError('ERR_POLICY_DENIED', 'rule r1 denies'), 'd-1')
    expect(p).toMatchObject({ status: 403, code: 'ERR_POLICY_DENIED', decisionId: 'd-1', detail: 'rule r1 denies' })
  })

  it('hides detail for authentication failures and unknown errors', () => {
    expect(toProblem(new VerbatimError('ERR_INTAKE_UNAUTHENTICATED', 'token for agent x mismatched')).detail).toBeUndefined()
    expect(toProblem(new VerbatimError('ERR_INTAKE_UNAUTHENTICATED', 'token for agent x mismatched', { detail: { reason: 'agent x' } })).detail).toBeUndefined()
    const p = toProblem(new Error('boom at /secret/path'))
    expect(p.code).toBe('ERR_INTERNAL')
    expect(p.detail).toBeUndefined()
  })
})
