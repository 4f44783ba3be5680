/**
 * @module tests/helpers/python-mcp: the Python MCP SDK (mcp 2.3.0, the 2026-07-28 revision) that .ci/run installs
 * into .venv-mcp from tests/e2e/mcp-python/requirements.txt. Tests that need it fail, never skip, when it is missing.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

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
