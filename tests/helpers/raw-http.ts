/** Exact bytes on a raw socket, and the server's answers as they came back. */
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Writes `bytes` (one string, or parts written in turn) on a fresh connection and collects what
 * comes back until the server closes the connection, or until `until(output)` is true; a 10 s
 * guard timer only keeps a broken server from hanging the test.
 */
export function rawExchange(port: number, bytes: string | string[], until?: (out: string) => boolean): Promise<{ out: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1')
    let out = ''
    let done = false
    const finish = (closed: boolean): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      sock.destroy()
      resolve({ out, closed })
    }
    const timer = setTimeout(() => finish(false), 10_000)
    sock.on('data', (d) => {
      out += d.toString('latin1')
      if (until?.(out) === true) finish(false)
    })
    sock.on('end', () => finish(true))
    sock.on('close', () => finish(true))
    sock.on('error', (e) => (done ? undefined : reject(e)))
    for (const part of Array.isArray(bytes) ? bytes : [bytes]) sock.write(part)
  })
}

/** Splits a byte stream of HTTP/1.1 responses (Content-Length framed) into responses. */
export function parseResponses(out: string): RawResponse[] {
  const res: RawResponse[] = []
  let rest = out
  while (rest.startsWith('HTTP/1.')) {
    const end = rest.indexOf('\r\n\r\n')
    if (end < 0) break
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n')
    const headers: Record<string, string> = {}
    for (const l of lines) {
      const i = l.indexOf(':')
      headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim()
    }
    const len = Number(headers['content-length'] ?? 0)
    res.push({ status: Number(statusLine?.split(' ')[1]), headers, body: rest.slice(end + 4, end + 4 + len) })
    rest = rest.slice(end + 4 + len)
  }
  return res
}

/** An HTTP/1.1 POST with the given headers and body, framed by Content-Length. */
export function post(path: string, headers: Record<string, string>, body: string, extra = ''): string {
  const h = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')
  return `POST ${path} HTTP/1.1\r\nHost: x\r\n${h}${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
}
