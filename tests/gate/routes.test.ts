import { describe, expect, it } from 'vitest'
import { ConfigSchema } from '../../src/config/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import { compileRoutes, createLimiter } from '../../src/gate/index.js'
import { toolUrl } from '../../src/gate/routes.js'

const config = ConfigSchema.parse({
  policies: ['p'],
  agents: [{ id: 'a', token: { env: 'T' } }],
  upstreams: ['exact', 'long', 'short', 'any'].map((name) => ({ name, url: `http://127.0.0.1:1/${name}`, audience: name })),
  routes: [
    { tools: ['*'], upstream: 'any' },
    { tools: ['fs.*'], upstream: 'short' },
    { tools: ['fs.write.*'], upstream: 'long' },
    { tools: ['fs.read'], upstream: 'exact' },
  ],
  signing: { keyFile: 'k' },
})

describe('routes', () => {
  const route = compileRoutes(config)
  it.each([
    ['fs.read', 'exact'],
    ['fs.write.append', 'long'],
    ['fs.list', 'short'],
    ['shell.exec', 'any'],
  ])('routes %s to %s (exact, then longest prefix, then *)', (tool, upstream) => {
    expect(route(tool).name).toBe(upstream)
  })
  it('refuses a tool no route covers', () => {
    const narrow = compileRoutes({ ...config, routes: [{ tools: ['fs.read'], upstream: 'exact' }] })
    expect(() => narrow('fs.list')).toThrowError(expect.objectContaining({ code: 'ERR_GATE_UNKNOWN_TOOL' }) as Error)
  })
  it('keeps the path prefix of an upstream URL', () => {
    expect(toolUrl('http://127.0.0.1:9000/exec/', 'fs.read').href).toBe('http://127.0.0.1:9000/exec/v1/tools/fs.read')
    expect(toolUrl('http://127.0.0.1:9000', 'fs.read').href).toBe('http://127.0.0.1:9000/v1/tools/fs.read')
  })
})

describe('limiter', () => {
  it('runs at most N at once, queues M, refuses the rest with ERR_GATE_OVERLOADED', async () => {
    const limiter = createLimiter(2, 1)
    let running = 0
    let peak = 0
    const releases: Array<() => void> = []
    const task = (): Promise<void> =>
      limiter.run(async () => {
        running++
        peak = Math.max(peak, running)
        await new Promise<void>((r) => releases.push(r))
        running--
      })
    const accepted = [task(), task(), task()]
    await expect(task()).rejects.toBeInstanceOf(VerbatimError)
    await expect(task()).rejects.toMatchObject({ code: 'ERR_GATE_OVERLOADED' })
    expect(limiter.active).toBe(2)
    expect(limiter.queued).toBe(1)
    for (let round = 0; round < 3; round++) {
      releases.splice(0).forEach((r) => r())
      await new Promise((r) => setTimeout(r, 5))
    }
    await Promise.all(accepted)
    expect(peak).toBe(2)
    expect(limiter.active).toBe(0)
  })
})
