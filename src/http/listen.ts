/** @module http/listen: bind a node:http server and name its URL; shared by the gate and the guard. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { VerbatimError } from '../errors/index.js'

export interface Listening {
  port: number
  url: string
}

/** Listens on host:port (0 picks a free port). A bind failure is ERR_CONFIG_INVALID with the reason. */
export async function listen(server: Server, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new VerbatimError('ERR_CONFIG_INVALID', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`, { cause: err })),
    )
    server.listen(port, host, () => resolve())
  })
  const bound = (server.address() as AddressInfo).port
  return { port: bound, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` }
}

/**
 * Stops accepting and resolves when the server has closed. Requests in flight get `graceMs` to
 * finish (their answers and audit records complete); then every connection is cut.
 */
export function closeServer(server: Server, graceMs = 0): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs)
    // A connection whose last call ends while we wait goes idle: close it then, not at its keep-alive timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50)
    server.close(() => {
      clearTimeout(cut)
      clearInterval(sweep)
      resolve()
    })
    server.closeIdleConnections()
  })
}
