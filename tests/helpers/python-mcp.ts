/**
 * @module tests/helpers/python-mcp: the Python MCP SDK (mcp 2.3.0, the 2026-07-28 revision) that .ci/run installs
 * into .venv-mcp from tests/e2e/mcp-python/requirements.txt. Tests that need it fail, never skip, when it is missing.
 */
import { execFile, execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freePort } from './ports.js'

const ROOT = new URL('../..', import.meta.url).pathname

/** The interpreter of the venv: VERBATIM_TEST_MCP_PYTHON, or .venv-mcp/bin/python in the repository. */
export const MCP_PYTHON = process.env['VERBATIM_TEST_MCP_PYTHON'] ?? join(ROOT, '.venv-mcp/bin/python')

/** The scripts the tests run under it (a server over HTTP or stdio, a client). */
export const MCP_PYTHON_DIR = join(ROOT, 'tests/e2e/mcp-python')

/** The interpreter, after checking that it runs mcp 2.3.0; throws with the command that installs it. */
export function requireMcpPython(): string {
  const install = 'python3 -m venv .venv-mcp && .venv-mcp/bin/pip install --require-hashes -r tests/e2e/mcp-python/requirements.txt (.ci/run does it)'
  if (!existsSync(MCP_PYTHON)) throw new Error(`the Python MCP SDK is not installed at ${MCP_PYTHON}: ${install}`)
  const version = execFileSync(MCP_PYTHON, ['-c', 'import importlib.metadata as m; print(m.version("mcp"))'], { encoding: 'utf8' }).trim()
  if (version !== '2.3.0') throw new Error(`${MCP_PYTHON} has mcp ${version}, not 2.3.0: ${install}`)
  return MCP_PYTHON
}

export interface PythonServer {
  url: string
  /** Every tool call the server ran, in order (its EXEC_LOG). */
  executed(): Promise<Array<{ tool: string; args: Record<string, unknown> }>>
  stop(): Promise<void>
}

/** The executions a server wrote to its EXEC_LOG (one JSON line each). */
export async function executions(log: string): Promise<Array<{ tool: string; args: Record<string, unknown> }>> {
  const text = await readFile(log, 'utf8').catch(() => '')
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { tool: string; args: Record<string, unknown> })
}

/** tests/e2e/mcp-python/server.py over Streamable HTTP on a free loopback port; resolves once it listens. */
export async function startPythonServer(log: string): Promise<PythonServer> {
  const python = requireMcpPython()
  const port = await freePort()
  const child = spawn(python, [join(MCP_PYTHON_DIR, 'server.py'), 'http', String(port)], { env: { ...process.env, EXEC_LOG: log }, stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((resolve, reject) => {
    let out = ''
    const on = (d: Buffer): void => {
      out += d.toString()
      if (out.includes('listening')) resolve()
    }
    child.stdout.on('data', on)
    child.stderr.on('data', (d: Buffer) => void (out += d.toString()))
    child.once('exit', (code) => reject(new Error(`server.py exited (${code}): ${out}`)))
  })
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    executed: () => executions(log),
    stop: () => new Promise<void>((r) => {
      if (child.exitCode !== null) return r()
      child.once('exit', () => r())
      child.kill('SIGTERM')
    }),
  }
}

/** tests/e2e/mcp-python/client.py against `url`: its outcomes, one per step of its scenario (every name after `prefix`). */
export function runPythonClient(url: string, token: string, mode: '2026-07-28' | 'auto', prefix = ''): Promise<Record<string, unknown>> {
  const python = requireMcpPython()
  return new Promise((resolve, reject) => {
    execFile(python, [join(MCP_PYTHON_DIR, 'client.py'), url, token, mode, prefix], { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      if (err !== null) return reject(new Error(`client.py failed: ${err.message}\n${stderr}`))
      resolve(JSON.parse(stdout) as Record<string, unknown>)
    })
  })
}

/** What tests/e2e/mcp-python's client reports through gate and guard: allowed calls answered, denials with the denial code. */
export const CLIENT_RUN = {
  protocol: '2026-07-28',
  lookup_unlisted: { text: ['us-west1: SELECT 0'], isError: false },
  tools: ['confirm', 'echo', 'lookup'],
  echo: { text: ['Echo: verbatim'], isError: false },
  lookup: { text: ['us-west1: SELECT 1'], isError: false },
  get_env: { error: { code: -31403, data: { code: 'ERR_POLICY_DENIED', status: 403 } } },
  confirm: { text: ["deploy: approved={'ok': True}, state=asked-once"], isError: false },
  readme: ['read me'],
  secret: { error: { code: -31403, data: { code: 'ERR_POLICY_NO_MATCH' } } },
  greet: ['Hello, ada'],
}
