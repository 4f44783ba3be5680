import { describe, expect, it } from 'vitest'
import { buildVectors } from '../../src/spec/index.js'
import { runRequestVector } from './run-vector.js'

const v = buildVectors()

describe('every published request vector through the real guard path (body pre-check, then steps 0-11)', () => {
  it.each(v.requests.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const out = await runRequestVector(r)
    expect(out.code).toBe(r.expect)
    if (r.expect === 'accept') expect(out.value).toEqual(r.value)
  })
})
