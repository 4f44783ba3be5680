/** @module tests/docs/runners/console: `$ command` lines run in the session; what they print must match the doc. */
import { flag, opt } from '../annotation.js'
import { runCheck } from './checks.js'
import type { AnnotatedBlock } from '../doc-set.js'
import { matchesExpected, normalise } from '../normalise.js'
import type { Session } from '../session.js'
import { prepare, shellCommand } from './sh.js'

export interface ConsoleStep {
  readonly command: string
  readonly expected: string
  /** From a last expected line `(exit N)`; unchecked when the doc shows none. */
  readonly exit: number | undefined
}

/** `$ ` starts a command (a trailing `\` continues it); the lines up to the next `$ ` are its output. */
export function parseConsole(text: string): ConsoleStep[] {
  const steps: { command: string; out: string[] }[] = []
  const lines = text.replace(/\n$/, '').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line.startsWith('$ ')) {
      let command = line.slice(2)
      while (command.endsWith('\\') && i + 1 < lines.length) command = `${command}\n${lines[++i] ?? ''}`
      steps.push({ command, out: [] })
    } else if (steps.length === 0) {
      if (line.trim() !== '') throw new Error(`a console block starts with a "$ " command line, got: ${line}`)
    } else {
      steps[steps.length - 1]?.out.push(line)
    }
  }
  return steps.map(({ command, out }) => {
    while (out.length > 0 && (out[out.length - 1] ?? '').trim() === '') out.pop()
    const exit = /^\(exit (\d+)\)$/.exec(out[out.length - 1] ?? '')
    if (exit !== null) out.pop()
    return { command, expected: out.join('\n'), exit: exit === null ? undefined : Number(exit[1]) }
  })
}

export async function runConsole(block: AnnotatedBlock, session: Session): Promise<void> {
  // A named scenario first: what the doc says a person does meanwhile (checks.ts), then the commands.
  const check = opt(block.annotation, 'check')
  if (check !== undefined) await runCheck(check, session, undefined, block.annotation)
  await prepare(block, session)
  const json = flag(block.annotation, 'json')
  for (const step of parseConsole(block.text)) {
    if (step.expected !== '' && step.expected.replace(/…/g, '').trim() === '') throw new Error(`$ ${step.command}\nshows only …: show the output (elide the volatile part of a line, not all of it)`)
    const r = await session.shell.run(shellCommand(step.command, session))
    const actual = normalise(session.mapOut(r.output), { json })
    const expected = normalise(step.expected, { json })
    if (!matchesExpected(actual, expected)) {
      throw new Error(`$ ${step.command}\nprinted (normalised):\n${actual}\n\nthe doc shows (normalised):\n${expected}`)
    }
    if (step.exit !== undefined && r.code !== step.exit) throw new Error(`$ ${step.command}\nexited ${r.code}, the doc shows (exit ${step.exit})`)
  }
}
