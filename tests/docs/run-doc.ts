/** @module tests/docs/run-doc: a doc's annotated blocks, grouped into sessions and run in document order. */
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { promisify } from 'node:util'
import { opt } from './annotation.js'
import type { AnnotatedBlock } from './doc-set.js'
import type { Session } from './session.js'
import type { Workspace } from './workspace.js'
import { runConfig, runGuardConfig } from './runners/config.js'
import { runConsole } from './runners/console.js'
import { runPolicy } from './runners/policy.js'
import { runSh } from './runners/sh.js'
import { runTs } from './runners/ts.js'
import { runUsage } from './runners/usage.js'

const execFileP = promisify(execFile)

/** Blocks that run together: one session of a doc, or one block on its own. */
export interface Job {
  readonly doc: string
  readonly name: string
  readonly blocks: readonly AnnotatedBlock[]
}

/** Kinds that always run inside a session directory, even without `session=` (then a private one). */
const NEEDS_SESSION = new Set(['sh', 'console', 'ts', 'js'])

/** Groups the runnable blocks of one doc: `none` blocks run nowhere, and each session keeps document order. */
export function jobsOf(doc: string, blocks: readonly AnnotatedBlock[]): Job[] {
  const jobs: Job[] = []
  const sessions = new Map<string, AnnotatedBlock[]>()
  for (const b of blocks) {
    if (b.annotation.kind === 'none') continue
    const session = opt(b.annotation, 'session')
    if (session === undefined) {
      jobs.push({ doc, name: `${b.annotation.kind} block at line ${b.line}`, blocks: [b] })
      continue
    }
    let list = sessions.get(session)
    if (list === undefined) {
      list = []
      sessions.set(session, list)
      jobs.push({ doc, name: `session ${session}`, blocks: list })
    }
    list.push(b)
  }
  return jobs
}

/** Runs a job's blocks in order; the first failure names the doc, line and kind. The session is closed by the workspace. */
export async function runJob(job: Job, workspace: Workspace): Promise<void> {
  const needsSession = job.blocks.some((b) => NEEDS_SESSION.has(b.annotation.kind) || opt(b.annotation, 'session') !== undefined)
  const session = needsSession ? await workspace.session(`${job.doc}-${job.name}`) : undefined
  try {
    for (const b of job.blocks) {
      try {
        await runBlock(b, session)
      } catch (e) {
        throw new Error(`${b.doc}:${b.line} (${b.annotation.kind}): ${(e as Error).message}`)
      }
    }
    // Every daemon of the session must stop cleanly (exit 0 on SIGTERM).
    await session?.stopDaemons()
  } finally {
    await session?.close()
  }
}

async function runBlock(b: AnnotatedBlock, session: Session | undefined): Promise<void> {
  switch (b.annotation.kind) {
    case 'none':
      return
    case 'config':
      return runConfig(b, session)
    case 'guard-config':
      return runGuardConfig(b, session)
    case 'policy':
      return runPolicy(b, session)
    case 'usage':
      return runUsage(b)
    case 'sh':
      return runSh(b, must(session))
    case 'console':
      return runConsole(b, must(session))
    case 'ts':
      return runTs(b, must(session))
    case 'js':
      return runJs(b, must(session))
  }
}

/** A JavaScript file a later block runs: written where `file=` says, and it must parse. */
async function runJs(b: AnnotatedBlock, session: Session): Promise<void> {
  const path = resolve(session.dir, session.mapIn(opt(b.annotation, 'file') ?? ''))
  await session.ensureDir(dirname(path))
  await writeFile(path, b.text)
  await execFileP(process.execPath, ['--check', path])
}

function must(s: Session | undefined): Session {
  if (s === undefined) throw new Error('internal: this kind runs in a session')
  return s
}
