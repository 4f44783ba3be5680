/**
 * @module tests/helpers/tcp-switch: one loopback address in front of a backend that can be swapped,
 * as a Service or a failover proxy does: switching drops every open connection, and new ones go to
 * the new backend.
 */
import { connect, createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'

export interface TcpSwitch {
  port: number
  /** Sends new connections to `port`, and cuts the ones open now. */
  switchTo(port: number): void
  close(): Promise<void>
}

export async function startTcpSwitch(backendPort: number): Promise<TcpSwitch> {
  let backend = backendPort
  const open = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(backend, '127.0.0.1')
    open.add(client)
    open.add(upstream)
    const cut = (): void => {
      client.destroy()
      upstream.destroy()
      open.delete(client)
      open.delete(upstream)
    }
    client.on('error', cut).on('close', cut)
    upstream.on('error', cut).on('close', cut)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as AddressInfo).port,
    switchTo(port) {
      backend = port
      for (const s of open) s.destroy()
      open.clear()
    },
    close: () => new Promise<void>((r) => {
      for (const s of open) s.destroy()
      server.close(() => r())
    }),
  }
}
