/** @module guard/mcp-child: one stdio MCP server process; verified bytes go in as they are, its messages come out. */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js'
import { deserializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { VerbatimError } from '../errors/index.js'
import { LineBuffer } from './lines.js'

/** Longest line a server may write (the SDK's stdio reader allowed 10 MiB; the stdio executor's default is 16). */
export const MCP_MAX_LINE_BYTES = 16 * 1024 * 1024

export interface McpChildOptions {
  command: string[]
  cwd?: string | undefined
  /** Time between ending stdin and SIGTERM, and between SIGTERM and SIGKILL (default 2 s). */
  graceMs?: number
  /** Longest line the server may write; a longer one stops it (default MCP_MAX_LINE_BYTES). */
  maxLineBytes?: number
}

export interface McpChild {
  readonly pid: number | undefined
  /** Writes `bytes` and one "\n" to stdin. Nothing else is ever written there. */
  write(bytes: Uint8Array): void
  /** Each message the server writes, read with the SDK's schema (the answers' direction), and its line as written. */
  onmessage?: (m: JSONRPCMessage, line: string) => void
  /** Called once, when the process has exited. */
  onexit?: (why: string) => void
  /** Ends stdin, then SIGTERM, then SIGKILL; resolves once the process exited. */
  close(): Promise<void>
}

/**
 * Starts the server; resolves once it runs, rejects if it cannot be started (ENOENT, EACCES). It
 * inherits only the SDK's safe list of environment variables (HOME, LOGNAME, PATH, SHELL, TERM,
 * USER): the guard's own environment is not the server's business. stderr goes to the guard's.
 */
export function spawnMcpChild(o: McpChildOptions, log: (line: string) => void): Promise<McpChild> {
  const [file, ...args] = o.command as [string, ...string[]]
  const graceMs = o.graceMs ?? 2000
  const c = spawn(file, args, { stdio: ['pipe', 'pipe', 'inherit'], env: getDefaultEnvironment(), ...(o.cwd === undefined ? {} : { cwd: o.cwd }) }) as unknown as ChildProcessWithoutNullStreams
  const exited = new Promise<void>((resolve) => c.once('close', () => resolve()))
  const lines = new LineBuffer(o.maxLineBytes ?? MCP_MAX_LINE_BYTES)
  const self: McpChild = {
    get pid() {
      return c.pid
    },
    write(bytes) {
      // RFC 8785 output escapes every control character, so a verified body never holds a raw newline,
      // and the newline-delimited framing of the MCP stdio transport cannot be split by one.
      if (bytes.includes(10)) throw new VerbatimError('ERR_INTERNAL', 'a verified MCP message holds a raw newline')
      c.stdin.write(Buffer.concat([bytes, Buffer.from('\n')]))
    },
    async close() {
      if (c.exitCode === null && c.signalCode === null) {
        // MCP lifecycle, shutdown over stdio: close the server's input, then SIGTERM, then SIGKILL.
        c.stdin.end()
        const t1 = setTimeout(() => c.kill('SIGTERM'), graceMs)
        const t2 = setTimeout(() => c.kill('SIGKILL'), 2 * graceMs)
        await exited
        clearTimeout(t1)
        clearTimeout(t2)
      }
      await exited
    },
  }
  c.stdin.on('error', () => undefined) // EPIPE once the child died; its exit is reported below.
  c.stdout.on('data', (d: Buffer) => {
    try {
      for (const line of lines.take(d)) {
        let m: JSONRPCMessage
        const text = line.toString('utf8').replace(/\r$/, '')
        try {
          m = deserializeMessage(text)
        } catch {
          log('verbatim guard: the MCP server wrote a line that is not a JSON-RPC message; dropped')
          continue
        }
        self.onmessage?.(m, text)
      }
    } catch (e) {
      log(`verbatim guard: the MCP server wrote ${(e as Error).message}; stopping it`)
      c.kill('SIGKILL')
    }
  })
  c.once('close', (code, signal) => self.onexit?.(`exited (${signal ?? code})`))
  return new Promise((resolve, reject) => {
    c.once('spawn', () => resolve(self))
    c.on('error', (e) => {
      log(`verbatim guard: MCP server process: ${e.message}`)
      reject(e)
    })
  })
}
