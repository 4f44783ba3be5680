/** @module examples/executor/tools: fs.read, fs.write, fs.list (confined to the workspace), shell.exec (argv, no shell) and shell.run (a command string for /bin/sh -c, in a workspace directory). */
import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import { open, readdir, readFile } from 'node:fs/promises'
import type { JsonValue } from '../../src/canonical/index.js'
import { ToolError, confineExisting, confineForWrite, mapPath } from './workspace.js'

export interface ToolContext {
  /** Real directory that `/workspace` maps to. */
  workspace: string
  /** Largest file fs.read returns (default 1 MiB). */
  maxReadBytes?: number
  /** Cap on each of stdout and stderr of shell.exec (default 64 KiB). */
  maxOutputBytes?: number
  /** Default and upper bound of shell.exec timeouts (defaults 10 s and 60 s). */
  defaultTimeoutMs?: number
  maxTimeoutMs?: number
}

type Args = { [key: string]: JsonValue }
type Tool = (args: Args, ctx: ToolContext) => Promise<JsonValue>

function obj(value: JsonValue): Args {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ToolError(400, 'arguments must be an object')
  return value
}

const fsRead: Tool = async (a, ctx) => {
  const real = await confineExisting(ctx.workspace, mapPath(ctx.workspace, a.path))
  const max = ctx.maxReadBytes ?? 1024 * 1024
  const buf = await readFile(real).catch(() => { throw new ToolError(404, 'cannot read file') })
  if (buf.byteLength > max) throw new ToolError(413, `file is larger than ${max} bytes`)
  return { path: a.path as string, content: buf.toString('utf8'), bytes: buf.byteLength }
}

const fsWrite: Tool = async (a, ctx) => {
  if (typeof a.content !== 'string') throw new ToolError(400, 'content must be a string')
  const real = await confineForWrite(ctx.workspace, mapPath(ctx.workspace, a.path))
  // O_NOFOLLOW: a symlink swapped in after the check is refused, not followed.
  const fh = await open(real, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644)
  try {
    await fh.writeFile(a.content, 'utf8')
  } finally {
    await fh.close()
  }
  return { path: a.path as string, bytes: Buffer.byteLength(a.content) }
}

const fsList: Tool = async (a, ctx) => {
  const real = await confineExisting(ctx.workspace, mapPath(ctx.workspace, a.path))
  const entries = await readdir(real, { withFileTypes: true }).catch(() => { throw new ToolError(400, 'not a directory') })
  return { path: a.path as string, entries: entries.map((e) => ({ name: e.name, type: e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other' })).sort((x, y) => (x.name < y.name ? -1 : 1)) }
}

/** The timeout a call asked for, within the executor's bounds. */
function timeoutOf(a: Args, ctx: ToolContext): number {
  const t = a.timeoutMs === undefined ? (ctx.defaultTimeoutMs ?? 10_000) : a.timeoutMs
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 1) throw new ToolError(400, 'timeoutMs must be a positive integer')
  return Math.min(t, ctx.maxTimeoutMs ?? 60_000)
}

/** Runs a program with its output capped and a deadline; the result says how it ended. */
function run(file: string, args: readonly string[], cwd: string, timeoutMs: number, ctx: ToolContext): Promise<JsonValue> {
  const cap = ctx.maxOutputBytes ?? 64 * 1024
  return new Promise<JsonValue>((resolve, reject) => {
    // Its own process group: a deadline or the output cap ends everything it started (sh -c 'sleep 9 &' too).
    const child = spawn(file, args, { cwd, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: ctx.workspace, LANG: 'C.UTF-8' } })
    const kill = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    const out = { stdout: [] as Buffer[], stderr: [] as Buffer[], n: { stdout: 0, stderr: 0 } }
    let truncated = false
    let timedOut = false
    const take = (which: 'stdout' | 'stderr') => (c: Buffer): void => {
      const room = cap - out.n[which]
      if (c.byteLength > room) {
        truncated = true
        if (room > 0) out[which].push(c.subarray(0, room))
        out.n[which] = cap
        kill()
        return
      }
      out[which].push(c)
      out.n[which] += c.byteLength
    }
    child.stdout.on('data', take('stdout'))
    child.stderr.on('data', take('stderr'))
    const timer = setTimeout(() => { timedOut = true; kill() }, timeoutMs)
    child.on('error', (e) => { clearTimeout(timer); reject(new ToolError(400, `cannot run ${file}: ${(e as NodeJS.ErrnoException).code ?? e.message}`)) })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ exitCode: code, signal, timedOut, truncated, stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') })
    })
  })
}

/** argv as is, to execve: no shell re-parses it. */
const shellExec: Tool = async (a, ctx) => {
  const argv = a.argv
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((s): s is string => typeof s === 'string')) throw new ToolError(400, 'argv must be a non-empty array of strings')
  const [file, ...args] = argv as [string, ...string[]]
  return run(file, args, ctx.workspace, timeoutOf(a, ctx), ctx)
}

/** A command string for /bin/sh -c, in a directory of the workspace: the policy's shell matcher decided on what sh will read. */
const shellRun: Tool = async (a, ctx) => {
  if (typeof a.command !== 'string' || a.command === '') throw new ToolError(400, 'command must be a non-empty string')
  const cwd = await confineExisting(ctx.workspace, mapPath(ctx.workspace, a.cwd))
  return run('/bin/sh', ['-c', a.command], cwd, timeoutOf(a, ctx), ctx)
}

export const TOOLS: Readonly<Record<string, Tool>> = { 'fs.read': fsRead, 'fs.write': fsWrite, 'fs.list': fsList, 'shell.exec': shellExec, 'shell.run': shellRun }

/** Runs a tool on the verified value. Throws ToolError (status + message) for a refusal of the tool itself. */
export async function runTool(name: string, value: JsonValue, ctx: ToolContext): Promise<JsonValue> {
  const tool = Object.hasOwn(TOOLS, name) ? TOOLS[name] : undefined
  if (tool === undefined) throw new ToolError(404, `unknown tool ${name}`)
  return tool(obj(value), ctx)
}
