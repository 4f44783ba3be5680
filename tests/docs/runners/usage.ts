/** @module tests/docs/runners/usage: a command synopsis in a doc must be one that `verbatim … --help` prints. */
import type { AnnotatedBlock } from '../doc-set.js'
import { runCli } from '../../helpers/cli.js'

/** The synopsis lines of a usage text: `usage: X` and the aligned alternatives after it. */
export function synopses(usage: string): string[] {
  const out: string[] = []
  for (const line of usage.split('\n')) {
    if (line.startsWith('usage: ')) out.push(line.slice(7).trim())
    else if (out.length > 0 && /^ {7}\S/.test(line) && line.trim().startsWith('verbatim ')) out.push(line.trim())
    else if (out.length > 0) break
  }
  return out
}

/** `verbatim WORDS --help`, in process (the CLI's own dispatcher, as bin/verbatim runs it). */
async function help(words: string[]): Promise<{ code: number; stdout: string }> {
  const { code, out } = await runCli([...words, '--help'])
  return { code, stdout: out }
}

export async function runUsage(block: AnnotatedBlock): Promise<void> {
  for (const line of block.text.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    const words = line.split(/\s+/)
    if (words[0] !== 'verbatim') throw new Error(`a usage line starts with "verbatim": ${line}`)
    const command = words.slice(1).filter((_w, i, all) => all.slice(0, i + 1).every((x) => /^[a-z][a-z-]*$/.test(x)))
    const { code, stdout } = await help(command)
    const printed = synopses(stdout)
    if (code !== 0 || !printed.includes(line)) throw new Error(`verbatim ${command.join(' ')} --help (exit ${code}) prints\n  ${printed.join('\n  ')}\nnot\n  ${line}`)
  }
}
