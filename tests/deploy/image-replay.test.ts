/**
 * No container engine can build the image here (docs/deploy.md says what podman and buildah did), so
 * this test replays its recipe (image-recipe.ts, which dockerfile.test.ts holds equal to the
 * Dockerfile) from a clean copy of the build context: npm ci and the build, production dependencies
 * alone (--omit=dev) in the runtime tree, the runtime RUN with the image's paths mapped under a root
 * of its own, the image's ENV. Then it starts the built gate as the image does (ENTRYPOINT + CMD, as
 * uid 1000) with a read-only config directory, runs the HEALTHCHECK, stops it with SIGTERM, and
 * checks that it wrote nothing outside its volumes.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import type { Ignore } from '@balena/dockerignore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../e2e/procs.js'
import type { Proc } from '../e2e/procs.js'
import { IMAGE_DIRS, RECIPE } from './image-recipe.js'
import type { Stage } from './image-recipe.js'

const UID = 1000 // the image's user, node
// A CommonJS module whose types declare a default export: required, as it is written.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore
const base = mkdtempSync(join(tmpdir(), 'verbatim-image-'))
chmodSync(base, 0o755)
const context = join(base, 'context')
const root = join(base, 'rootfs') // the runtime stage's filesystem
const stageDir = (s: Stage): string => (s.name === null ? root : join(base, `stage-${s.name}`))
/** An image path inside the replay: under the stage's root. */
const inStage = (s: Stage, p: string): string => join(stageDir(s), p)

/** The build context: tracked and new files of the checkout, less what .dockerignore leaves out. */
function cleanCopy(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT }).toString().split('\0').filter((f) => f !== '' && existsSync(join(ROOT, f)))
  const kept = dockerignore().add(readFileSync(join(ROOT, '.dockerignore'), 'utf8')).filter(listed)
  for (const f of kept) {
    mkdirSync(dirname(join(context, f)), { recursive: true })
    cpSync(join(ROOT, f), join(context, f))
  }
  return kept
}

/** Image paths in a RUN line, under the replay's root; the image's user by number. */
function mapRun(cmd: string): string {
  return cmd.replace(/(^|\s)(\/(?:app|usr\/local\/bin|etc\/verbatim|var\/lib\/verbatim|run\/verbatim)\b)/g, (_m, pre: string, p: string) => `${pre}${root}${p}`).replaceAll('node:node', `${UID}:${UID}`)
}

let env: Record<string, string> = {}
let contextFiles: string[] = []
const procs: Proc[] = []

beforeAll(() => {
  contextFiles = cleanCopy()
  // The base image: the folders a Debian node image has.
  for (const d of ['usr/local/bin', 'etc', 'var/lib', 'run', 'tmp']) mkdirSync(join(root, d), { recursive: true })
  for (const stage of RECIPE) {
    const work = inStage(stage, stage.workdir)
    mkdirSync(work, { recursive: true })
    for (const step of stage.steps) {
      if ('copy' in step) {
        for (const src of step.copy) {
          const from = step.from === undefined ? join(context, src) : inStage(RECIPE.find((s) => s.name === step.from) as Stage, src)
          const to = step.to.endsWith('/') ? join(work, step.to, src.split('/').at(-1) as string) : join(work, step.to)
          cpSync(from, to, { recursive: true, verbatimSymlinks: true })
        }
      } else if ('run' in step) {
        // `npm cache clean --force` would empty this machine's npm cache, not an image layer's: left out.
        const cmd = stage.name === null ? mapRun(step.run) : step.run.replace(' && npm cache clean --force', '')
        execFileSync('sh', ['-c', cmd], { cwd: work, stdio: 'pipe', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } })
      } else if ('env' in step) {
        env = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, v.startsWith('/') ? join(root, v) : v]))
      }
    }
  }
}, 240_000)

afterAll(async () => {
  for (const p of procs) await p.stop()
})

/** True when every folder above `path` lets others through and `path` lets them read: what uid 1000 needs. */
function traversable(path: string): boolean {
  for (let d = dirname(path); ; d = dirname(d)) {
    if ((lstatSync(d).mode & 0o001) === 0) return false
    if (d === dirname(d)) break
  }
  return (lstatSync(path).mode & 0o004) !== 0
}

/** Every path under the runtime root with its size and mtime, volumes left out. */
function snapshot(): string[] {
  const volumes = new Set(['/var/lib/verbatim/audit', '/var/lib/verbatim/keys', '/var/lib/verbatim/trust', '/run/verbatim', '/tmp'].map((v) => join(root, v)))
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name)
      if (volumes.has(p)) continue
      const s = lstatSync(p)
      out.push(`${p} ${s.size} ${s.mtimeMs}`)
      if (s.isDirectory()) walk(p)
    }
  }
  walk(root)
  return out
}

function startAs(cmd: string, args: string[], extra: Record<string, string>): Proc {
  const child = spawn(cmd, args, { uid: UID, gid: UID, cwd: join(root, 'app'), env: { PATH: `${join(root, 'usr/local/bin')}:${process.env.PATH ?? ''}`, HOME: join(root, 'tmp'), ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  const p: Proc = {
    child,
    output: () => out,
    waitFor: (re) => new Promise((resolve, reject) => {
      const tick = (): void => {
        const m = out.match(re)
        if (m) return resolve(m)
        if (child.exitCode !== null) return reject(new Error(`exited ${child.exitCode} before ${re}:\n${out}`))
        setTimeout(tick, 50)
      }
      tick()
    }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
  procs.push(p)
  return p
}

describe('the image recipe, replayed', () => {
  it('copies a clean build context: no tests, no modules, no git', () => {
    expect(contextFiles).toContain('Dockerfile')
    expect(contextFiles.some((f) => f.startsWith('tests/') || f.startsWith('node_modules/') || f.startsWith('.git/'))).toBe(false)
  })

  it('ships production dependencies only, the built code, and verbatim on PATH', () => {
    const modules = join(root, 'app/node_modules')
    for (const prod of ['zod', 'hono', 'yaml', 'redis']) expect(existsSync(join(modules, prod)), prod).toBe(true)
    for (const dev of ['typescript', 'vitest', 'fast-check', 'kubernetes-models']) expect(existsSync(join(modules, dev)), dev).toBe(false)
    expect(existsSync(join(root, 'app/dist/src/cli/main.js'))).toBe(true)
    expect(existsSync(join(root, 'app/dist/examples/deploy/tool-server.js'))).toBe(true)
    expect(existsSync(join(root, 'app/src'))).toBe(false)
    expect(readlinkSync(join(root, 'usr/local/bin/verbatim'))).toBe(join(root, 'app/bin/verbatim'))
    for (const d of IMAGE_DIRS.slice(1)) expect(lstatSync(join(root, d)).uid, d).toBe(UID)
    expect(lstatSync(join(root, 'var/lib/verbatim/keys')).mode & 0o777).toBe(0o700)
    expect(env.VERBATIM_PROFILE).toBe('container')
  })

  it('runs the gate as the image does: uid 1000, read-only config, /healthz and the HEALTHCHECK answer, SIGTERM stops it cleanly', async () => {
    // The config directory, as a read-only mount: the compose example's, its image paths mapped here.
    const etc = join(root, 'etc/verbatim')
    cpSync(join(ROOT, 'examples/deploy/compose/config'), etc, { recursive: true })
    execFileSync('chmod', ['-R', 'a+rX', etc]) // readable by the image's user, whatever the clone's modes
    const conf = join(etc, 'verbatim.yaml')
    writeFileSync(conf, readFileSync(conf, 'utf8').replaceAll('/var/lib/verbatim/', `${root}/var/lib/verbatim/`))
    // Keys as the compose example makes them, by the image's user into its volumes (keys.sh init), with
    // the script from the copy under the replay's root: uid 1000 may not traverse the clone (a 0700 home).
    const keysSh = join(etc, 'keys.sh')
    expect(traversable(keysSh), `${keysSh} must be readable by uid ${UID} through every parent`).toBe(true)
    const guardKeys = join(root, 'tmp/guard-keys')
    mkdirSync(guardKeys)
    chownSync(guardKeys, UID, UID)
    const trust = join(root, 'var/lib/verbatim/trust')
    for (const [role, dir] of [['gate', join(root, 'var/lib/verbatim/keys')], ['guard', guardKeys]] as const) {
      const r = spawnSync('sh', [keysSh, 'init', role], { uid: UID, gid: UID, env: { ...process.env, KEYS_DIR: dir, TRUST_DIR: trust, VERBATIM: join(root, 'usr/local/bin/verbatim'), HOME: join(root, 'tmp') } })
      expect(r.status, r.stderr.toString()).toBe(0)
    }
    const key = join(root, 'var/lib/verbatim/keys', readlinkSync(join(root, 'var/lib/verbatim/keys/current.pem')))
    expect(lstatSync(key)).toMatchObject({ uid: UID, mode: expect.any(Number) as unknown })
    expect(lstatSync(key).mode & 0o777).toBe(0o600)
    execFileSync('chmod', ['-R', 'a-w', etc])
    const before = snapshot()

    // ENTRYPOINT ["verbatim"] + CMD ["serve"], found on PATH. This machine is not a container: the gate
    // listens on a free loopback port, and the audit volume's path is mapped like the others.
    const gate = startAs('verbatim', ['serve'], {
      VERBATIM_LISTEN: '127.0.0.1:0', VERBATIM_AUDIT_DIR: join(root, 'var/lib/verbatim/audit'), CODER_TOKEN: 'image-replay-token-0123456789',
    })
    const url = (await gate.waitFor(/listening on (http:\/\/\S+)/))[1] as string
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true })
    // Nothing guards the upstream here, so the gate is alive but not ready: it forwards to no one.
    expect((await fetch(`${url}/readyz`)).status).toBe(503)
    const hc = RECIPE.at(-1)?.steps.find((s) => 'healthcheck' in s)
    if (hc === undefined || !('healthcheck' in hc)) throw new Error('no HEALTHCHECK')
    const [cmd, ...args] = hc.healthcheck.cmd.map((a) => a.replace('127.0.0.1:8080', new URL(url).host))
    expect(spawnSync(cmd as string, args, { uid: UID, gid: UID }).status).toBe(0)

    expect(await gate.stop('SIGTERM')).toBe(0)
    expect(gate.output()).toContain('verbatim gate: stopping')
    expect(snapshot()).toEqual(before)
    const verify = spawnSync(join(root, 'usr/local/bin/verbatim'), ['audit', 'verify', join(root, 'var/lib/verbatim/audit')], { uid: UID, gid: UID, env: { ...process.env, ...env } })
    expect(verify.status, verify.stdout.toString()).toBe(0)
    expect(verify.stdout.toString()).toMatch(/^\S+\/var\/lib\/verbatim\/audit: \d+ records/m)
  })

  it('says which user must read a key that root wrote with mode 0600, and does not start', async () => {
    const rootKeys = join(root, 'tmp/root-keys')
    execFileSync(join(root, 'usr/local/bin/verbatim'), ['keys', 'generate', '--dir', rootKeys])
    chmodSync(rootKeys, 0o755) // the folder is open; the key file itself is 0600, root's
    const pem = readdirSync(rootKeys).find((f) => f.endsWith('.key.pem')) as string
    const gate = startAs('verbatim', ['serve'], { VERBATIM_SIGNING_KEY_FILE: join(rootKeys, pem), VERBATIM_LISTEN: '127.0.0.1:0', VERBATIM_AUDIT_DIR: join(root, 'var/lib/verbatim/audit'), CODER_TOKEN: 'x' })
    expect(await gate.stop('SIGCONT')).toBe(2)
    expect(gate.output()).toContain(`ERR_BINDING_KEY: cannot read signing key ${join(rootKeys, pem)} (EACCES); it must be readable by uid ${UID}`)
  })

  it('refuses to start, saying why, when the config directory is not there', async () => {
    const gate = startAs('verbatim', ['serve'], { VERBATIM_CONFIG: join(root, 'etc/verbatim/missing.yaml') })
    expect(await gate.stop('SIGCONT')).toBe(2)
    expect(gate.output()).toMatch(/missing\.yaml: no such file or directory\n/)
  })
})
