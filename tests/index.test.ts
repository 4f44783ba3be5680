import { describe, expect, it } from 'vitest'
import * as api from '../src/index.js'

describe('library API (src/index.ts)', () => {
  it.each([
    'canonicalBytes', 'compilePolicy', 'evaluate', 'signBinding', 'parseBinding', 'verifyBinding', 'guard', 'guardNodeHandler',
    'openAuditWriter', 'verifyPath', 'reconcile', 'createGateApp', 'startGate', 'startGuard', 'loadConfig', 'toProblem',
    'canonicalArguments', 'checkReceipt', 'disciplineConnections', 'createByteBudget', 'canonicalOptionsOf', 'isProbeTarget',
  ])('exports %s as a function', (name) => {
    expect(typeof (api as Record<string, unknown>)[name]).toBe('function')
  })
  it('exports the error class and one status per code', () => {
    expect(new api.VerbatimError('ERR_GUARD_REPLAY').status).toBe(403)
    expect(Object.keys(api.STATUS_BY_CODE)).toEqual(api.ERROR_CODES)
  })
})
