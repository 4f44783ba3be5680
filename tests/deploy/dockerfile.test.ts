/**
 * The Dockerfile, parsed (dockerfile-ast), is exactly the recipe that image-replay.test.ts runs:
 * what the replay proves of the recipe holds for the image.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../e2e/procs.js'
import { RECIPE, dockerfileLines, recipeLines } from './image-recipe.js'

const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')

describe('Dockerfile', () => {
  it('holds exactly the steps the replay runs, in order', () => {
    expect(dockerfileLines(text)).toEqual(recipeLines())
  })

  it('notices a step that differs, so the comparison bites', () => {
    const changed = text.replace('RUN npm ci --omit=dev --ignore-scripts', 'RUN npm ci --ignore-scripts')
    expect(dockerfileLines(changed)).not.toEqual(recipeLines())
  })

  it('builds with every dependency but ships production ones only, as a non-root user, verbatim serve by default', () => {
    const [build, deps, runtime] = RECIPE
    expect(build?.steps).toContainEqual({ run: 'npm ci --ignore-scripts' })
    expect(deps?.steps).toContainEqual({ run: 'npm ci --omit=dev --ignore-scripts && npm cache clean --force' })
    expect(runtime?.steps).toContainEqual({ copy: ['/app/node_modules'], to: './node_modules', from: 'deps' })
    expect(runtime?.steps.filter((s) => 'run' in s && /npm (ci|install)/.test(s.run))).toEqual([])
    expect(runtime?.steps).toContainEqual({ user: 'node' })
    expect(runtime?.steps.slice(-2)).toEqual([{ entrypoint: ['verbatim'] }, { cmd: ['serve'] }])
    expect(runtime?.steps).toContainEqual({ volume: ['/var/lib/verbatim/audit', '/var/lib/verbatim/keys'] })
  })

  it('leaves tests, installed modules, builds, logs and key files out of the build context', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'))
    expect(ignore).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', 'tests', '**/*.key.pem']))
  })
})
