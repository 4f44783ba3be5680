/**
 * @module tests/docs/runners/ts: TypeScript blocks are type-checked as a user's code would be, then run.
 *
 * Type-check: every ts block becomes a module under <workspace>/typecheck/ and one program checks
 * them all with the repo's tsconfig.json options (strict, NodeNext, exactOptionalPropertyTypes, …).
 * `verbatim-proxy` resolves through <workspace>/node_modules to the repo's package.json "exports",
 * so the snippets see the published types (dist/src/index.d.ts), not the sources.
 *
 * Run: the block, with the session's substitutions, is transpiled with transpileModule and run with
 * node in the session directory. It must exit 0, or, with `daemon`, print `ready` and keep serving
 * until the session stops it (SIGTERM, exit 0). `check=` then runs a named scenario (checks.ts).
 *
 * Output: a line comment `// => TEXT` says what that line prints. If a block has any, what it prints
 * must be exactly those TEXTs, one line each, in order (normalised as a console block's output).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import ts from 'typescript'
import { opt, flag } from '../annotation.js'
import type { AnnotatedBlock } from '../doc-set.js'
import { ROOT } from '../doc-set.js'
import type { Session } from '../session.js'
import { matchesExpected, normalise } from '../normalise.js'
import { runCheck } from './checks.js'

/** The `// => TEXT` comments of a block, in order. */
export function statedOutput(text: string): string[] {
  return [...text.matchAll(/\/\/ => ?(.*)$/gm)].map((m) => (m[1] ?? '').trimEnd())
}

function slug(block: AnnotatedBlock): string {
  return `${block.doc.replace(/[^A-Za-z0-9]+/g, '-')}-L${block.line}`
}

/** Type-checks the blocks together; returns each block's diagnostics (empty when it checks). */
export async function typecheck(blocks: readonly AnnotatedBlock[], workspaceRoot: string, repo: string = ROOT): Promise<Map<AnnotatedBlock, string[]>> {
  const dir = join(workspaceRoot, 'typecheck')
  await mkdir(dir, { recursive: true })
  const files = new Map<string, AnnotatedBlock>()
  for (const b of blocks) {
    const file = join(dir, `${slug(b)}.ts`)
    // `export {}` keeps a snippet a module even if it imports nothing, so snippets never share globals.
    await writeFile(file, `${b.text}\nexport {}\n`)
    files.set(file, b)
  }
  const config = ts.readConfigFile(join(repo, 'tsconfig.json'), (p) => ts.sys.readFile(p))
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, repo)
  const { outDir: _outDir, ...rest } = options
  const program = ts.createProgram([...files.keys()], { ...rest, noEmit: true, rootDir: workspaceRoot, declaration: false, sourceMap: false })
  const out = new Map<AnnotatedBlock, string[]>(blocks.map((b) => [b, []]))
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const block = d.file === undefined ? undefined : files.get(d.file.fileName)
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    if (block === undefined || d.file === undefined || d.start === undefined) {
      for (const list of out.values()) list.push(text)
      continue
    }
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
    out.get(block)?.push(`${block.doc}:${block.line + 1 + line}:${character + 1}: TS${d.code}: ${text}`)
  }
  return out
}

/** Transpiles and runs one block in its session. */
export async function runTs(block: AnnotatedBlock, session: Session): Promise<void> {
  const ports = opt(block.annotation, 'ports')
  if (ports !== undefined) await session.mapPorts(ports.split(',').map(Number))
  const js = ts.transpileModule(session.mapIn(block.text), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
    fileName: `${slug(block)}.ts`,
  }).outputText
  const file = join('.doc-test', `${slug(block)}.mjs`)
  await writeFile(join(session.dir, file), js)
  const a = block.annotation
  if (!flag(a, 'daemon')) {
    const r = await session.shell.run(`node ${file}`)
    if (r.code !== 0) throw new Error(`the snippet exited ${r.code}:\n${session.mapOut(r.output)}`)
    const stated = statedOutput(block.text)
    if (stated.length === 0) return
    const actual = normalise(session.mapOut(r.output))
    const expected = normalise(stated.join('\n'))
    if (!matchesExpected(actual, expected)) throw new Error(`the snippet printed (normalised):\n${actual}\n\nits // => comments say:\n${expected}`)
    return
  }
  const ready = opt(a, 'ready')
  if (ready === undefined) throw new Error('a ts daemon needs ready="text it prints when it serves"')
  const { env, cwd } = await session.state()
  const escaped = ready.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const daemon = await session.startDaemon({ name: 'ts', command: `node ${file}`, cwd, env, ready: new RegExp(`${escaped}\\s*(https?://[^\\s/]+)?`) })
  const check = opt(a, 'check')
  if (check !== undefined) await runCheck(check, session, daemon, a)
}
