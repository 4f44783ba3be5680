/**
 * @module guard/child-env: the environment a guard's child process (a stdio tool, a stdio MCP server)
 * starts with: the MCP SDK's safe list (HOME, LOGNAME, PATH, SHELL, TERM, USER) and the variables
 * the config names in `passEnv`, nothing else. The guard's own environment (its Redis URL, its
 * VERBATIM_GUARD_… settings, whatever its orchestrator injected) is not the executor's business:
 * a tool that an agent can steer must not be able to print it.
 */
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js'

/** A variable name a config may pass: a POSIX name that is not one of the guard's own settings. */
export const PASS_ENV_NAME = /^(?!VERBATIM_)[A-Za-z_][A-Za-z0-9_]*$/

/** The child's environment: the safe list, and each named variable the guard has. */
export function childEnv(passEnv: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out = getDefaultEnvironment()
  for (const name of passEnv) {
    const v = env[name]
    if (v !== undefined) out[name] = v
  }
  return out
}
