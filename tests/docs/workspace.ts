/**
 * @module tests/docs/workspace: the temporary directory every doc example runs in.
 *
 * <root>/                     a fresh temp dir per run, removed at the end
 *   package.json              {"type":"module"}, so extracted TypeScript runs as ES modules
 *   node_modules/             a link to each of the repo's packages, and verbatim-proxy -> the repo:
 *                             a snippet imports 'verbatim-proxy' by name and gets the package's own
 *                             "exports" (dist/src/index.js) and types (dist/src/index.d.ts), as a user would
 *   <session>/                one per session, the directory its commands run in (a checkout's view):
 *     bin -> repo/bin         docs run `bin/verbatim …`, as a reader does in a checkout after npm ci;
 *                             no `verbatim` is on PATH, so a doc that spells it otherwise fails
 *     dist, docs, examples,   links into the repo (read only)
 *     tests
 *     policies/               a copy of the example policies, which docs copy or edit
 */
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './doc-set.js'
import { Session } from './session.js'

export class Workspace {
  readonly root: string
  readonly #sessions: Session[] = []
  #count = 0

  private constructor(root: string) {
    this.root = root
  }

  static async create(repo: string = ROOT): Promise<Workspace> {
    const root = await mkdtemp(join(tmpdir(), 'verbatim-doc-test-'))
    await writeFile(join(root, 'package.json'), '{"type":"module","private":true}\n')
    await mkdir(join(root, 'node_modules'))
    for (const name of await readdir(join(repo, 'node_modules'))) {
      if (name.startsWith('.')) continue
      await symlink(join(repo, 'node_modules', name), join(root, 'node_modules', name))
    }
    await symlink(repo, join(root, 'node_modules', 'verbatim-proxy'))
    return new Workspace(root)
  }

  /** A new session directory, laid out like a checkout of the package. */
  async session(name: string, repo: string = ROOT): Promise<Session> {
    const dir = join(this.root, `${this.#count++}-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`)
    await mkdir(join(dir, '.doc-test'), { recursive: true })
    for (const link of ['bin', 'dist', 'docs', 'examples', 'tests']) await symlink(join(repo, link), join(dir, link))
    await cp(join(repo, 'policies'), join(dir, 'policies'), { recursive: true })
    const s = new Session(name, dir, sessionEnv())
    this.#sessions.push(s)
    return s
  }

  /** Closes every session (stops its daemons and shell) and removes the directory. */
  async dispose(): Promise<void> {
    await Promise.all(this.#sessions.map((s) => s.close()))
    await rm(this.root, { recursive: true, force: true })
  }
}

/** The caller's environment without VERBATIM_… variables (they would override configs), and no `verbatim` on PATH. */
function sessionEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VERBATIM_') && k !== 'NODE_OPTIONS') env[k] = v
  env.PATH = (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((d) => !existsSync(join(d, 'verbatim'))).join(':')
  return env
}
