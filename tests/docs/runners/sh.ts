/** @module tests/docs/runners/sh: `sh` blocks: each command runs for real in the session; gates and guards run as daemons. */
import { opt, flag } from '../annotation.js'
import { daemonFor } from '../daemons.js'
import type { AnnotatedBlock } from '../doc-set.js'
import type { Session } from '../session.js'

/**
 * The commands of a shell block: one per line, skipping blank and comment lines, with `\` line
 * continuations joined and a heredoc (`<<EOF` … `EOF`) kept with its command.
 */
export function splitCommands(text: string): string[] {
  const lines = text.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    let cmd = lines[i] ?? ''
    if (cmd.trim() === '' || cmd.trim().startsWith('#')) continue
    while (cmd.endsWith('\\') && i + 1 < lines.length) cmd = `${cmd}\n${lines[++i] ?? ''}`
    const heredoc = /<<(-?)\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?/.exec(cmd)
    if (heredoc !== null) {
      const end = heredoc[2] ?? ''
      while (i + 1 < lines.length) {
        const next = lines[++i] ?? ''
        cmd = `${cmd}\n${next}`
        if ((heredoc[1] === '-' ? next.replace(/^\t+/, '') : next) === end) break
      }
    }
    out.push(cmd)
  }
  return out
}

/** Applies `ports=` and `restart=`, common to `sh` and `console`. */
export async function prepare(block: AnnotatedBlock, session: Session): Promise<void> {
  const ports = opt(block.annotation, 'ports')
  if (ports !== undefined) await session.mapPorts(ports.split(',').map(Number))
  const restart = opt(block.annotation, 'restart')
  if (restart !== undefined) await session.restart(restart)
}

/** Maps a command for the shell. A `<kid>` left in a command is a doc bug: bash would read it as a redirection. */
export function shellCommand(command: string, session: Session): string {
  const code = command.split('\n').map((l) => l.replace(/(^|\s)#.*$/, '')).join('\n')
  if (code.includes('<kid>')) throw new Error(`\`${command}\`: a shell command cannot hold the placeholder <kid>; show how the reader gets the path (keys generate prints it)`)
  const mapped = session.mapIn(command)
  session.assertContained(mapped)
  return mapped
}

export async function runSh(block: AnnotatedBlock, session: Session): Promise<void> {
  await prepare(block, session)
  const alternatives = flag(block.annotation, 'alternatives')
  // Alternative ways to start the same thing would fight over its port: stop what runs first.
  if (alternatives) await session.stopDaemons()
  for (const command of splitCommands(block.text)) {
    const mapped = shellCommand(command, session)
    const daemon = daemonFor(mapped)
    if (daemon !== undefined) {
      const { env, cwd } = await session.state()
      await session.startDaemon({ name: daemon.name, command: mapped, cwd, env, ready: daemon.ready, healthz: true })
      if (alternatives) await session.stopDaemons(daemon.name)
      continue
    }
    const r = await session.shell.run(mapped)
    if (r.code !== 0) throw new Error(`\`${command}\` exited ${r.code}:\n${session.mapOut(r.output)}`)
  }
}
