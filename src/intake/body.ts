/** @module intake/body: read the body as bytes under a hard limit, whatever the framing. */
import { VerbatimError } from '../errors/index.js'

/** A global byte budget as the reader uses it, with the error a full budget answers (503, jittered Retry-After). */
export interface BodyBudget {
  take(n: number): boolean
  give(n: number): void
  overloaded(): VerbatimError
}

export interface BodyLimits {
  maxBytes: number
  /** The Content-Length header as sent, if any. */
  declaredLength: string | undefined
  transferEncoding: string | undefined
  /**
   * The global budget of body bytes in flight. The reader takes what it holds (a declared length up
   * front, chunked bytes as they arrive); on success the caller owns `body.byteLength` bytes of it
   * and must give them back when the request ends; on failure the reader gives back what it took.
   */
  budget?: BodyBudget
  /**
   * Makes the signal that aborts the read when the body's time is up (ERR_INTAKE_BODY_TIMEOUT). Called
   * only when the body is not already in: a small body usually arrives with its headers, and then
   * no timer is armed at all.
   */
  deadline?: () => AbortSignal
}

/** Thrown errors after which the rest of the body was not read: the answer must close the connection. */
function unread(e: VerbatimError): VerbatimError {
  return new VerbatimError(e.code, e.message, { cause: e.cause, detail: { ...e.detail, closeConnection: true } })
}

/** True when an error's answer must close the connection (the body was not read to its end). */
export function closesConnection(err: unknown): boolean {
  return err instanceof VerbatimError && err.detail?.['closeConnection'] === true
}

/** Where the body bytes come from: a node:http request or a web stream, read the same way. */
export interface BodySource {
  chunks: AsyncIterable<Uint8Array>
  /** Stop reading (the response then closes the connection). */
  stop(): void
  /**
   * The whole body when it has already arrived (the message is complete and nothing of it was read
   * yet), taken without waiting; undefined otherwise, and then `chunks` is read.
   */
  arrived?(): Uint8Array[] | undefined
  /**
   * Reads the rest of the body by events, each chunk to `each` (which throws to stop), in one
   * promise: the async iterator makes several per chunk and a race per read, which showed in the
   * profile of every call whose body comes after its headers. Rejects with `timedOut()` when
   * `signal` aborts, and when the message ends early.
   */
  collect?(each: (c: Uint8Array) => void, signal: AbortSignal | undefined, timedOut: () => VerbatimError): Promise<void>
}

/** What the node path needs of an IncomingMessage. */
export interface NodeBody extends AsyncIterable<Uint8Array> {
  pause(): unknown
  /** node:http sets it once the parser has seen the end of the message. */
  complete?: boolean
  readableFlowing?: boolean | null
  readableDidRead?: boolean
  read?(): Uint8Array | null
  readableEnded?: boolean
  destroyed?: boolean
  /** EventEmitter's (listeners take any arguments). */
  on?(event: string, f: (...a: any[]) => void): unknown
  off?(event: string, f: (...a: any[]) => void): unknown
}

/** The node path of BodySource.collect: 'data' until 'end', an early 'close' or 'error' fails it. */
function collectEvents(incoming: NodeBody & Required<Pick<NodeBody, 'on' | 'off'>>, each: (c: Uint8Array) => void, signal: AbortSignal | undefined, timedOut: () => VerbatimError): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: unknown): void => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', done)
      incoming.off('close', onClose)
      signal?.removeEventListener('abort', onAbort)
      if (err === undefined) resolve()
      else reject(err)
    }
    const onData = (c: Uint8Array): void => {
      try {
        each(c)
      } catch (e) {
        done(e)
      }
    }
    const onEnd = (): void => done()
    const onClose = (): void => done(new Error('the connection closed before the end of the body'))
    const onAbort = (): void => done(timedOut())
    if (signal?.aborted === true) return onAbort()
    // Events that fired before this read are not fired again.
    if (incoming.readableEnded === true) return resolve()
    if (incoming.destroyed === true) return onClose()
    signal?.addEventListener('abort', onAbort, { once: true })
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', done)
    incoming.on('close', onClose)
  })
}

/** A node:http IncomingMessage, read directly: no web-stream conversion on the hot path. */
export function nodeBodySource(incoming: NodeBody): BodySource {
  return {
    chunks: incoming,
    stop: () => void incoming.pause(),
    arrived: () => {
      // Only an untouched, paused, complete message: its buffer then holds every byte of the body.
      if (incoming.complete !== true || incoming.read === undefined || incoming.readableFlowing === true || incoming.readableDidRead === true) return undefined
      const out: Uint8Array[] = []
      for (let c = incoming.read(); c !== null; c = incoming.read()) out.push(c)
      return out
    },
    ...(incoming.on === undefined || incoming.off === undefined ? {} : {
      collect: (each: (c: Uint8Array) => void, signal: AbortSignal | undefined, timedOut: () => VerbatimError) => collectEvents(incoming as NodeBody & Required<Pick<NodeBody, 'on' | 'off'>>, each, signal, timedOut),
    }),
  }
}

export function webBodySource(stream: ReadableStream<Uint8Array> | null): BodySource {
  if (stream === null) return { chunks: (async function* () {})(), stop: () => undefined }
  const reader = stream.getReader()
  return {
    chunks: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          yield value
        }
      },
    },
    stop: () => void reader.cancel().catch(() => undefined),
  }
}

/**
 * Reads at most `maxBytes` and stops reading there (413), so an oversized chunked body is never
 * buffered whole. A declared length that disagrees with what arrived is a framing fault (400):
 * the CVE-2024-41110 shape is a Content-Length: 0 request that carries a body anyway.
 */
export async function readBody(source: BodySource, limits: BodyLimits): Promise<Uint8Array> {
  const budget = limits.budget
  let taken = 0
  const take = (n: number): void => {
    if (budget === undefined) return
    if (!budget.take(n)) throw budget.overloaded()
    taken += n
  }
  try {
    const body = await readLimited(source, limits, take)
    // The caller now owns body.byteLength bytes of the budget; anything taken beyond goes back.
    budget?.give(taken - body.byteLength)
    return body
  } catch (e) {
    budget?.give(taken)
    source.stop()
    const err = e instanceof VerbatimError ? e : new VerbatimError('ERR_INTAKE_ABORTED', 'the client closed the connection before the body was complete', { cause: e })
    throw err.code === 'ERR_INTAKE_EMPTY_BODY' ? err : unread(err)
  }
}

async function readLimited(source: BodySource, limits: BodyLimits, take: (n: number) => void): Promise<Uint8Array> {
  const declared = parseLength(limits.declaredLength)
  if (declared !== undefined && limits.transferEncoding !== undefined) {
    throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'both Content-Length and Transfer-Encoding') // RFC 9112 §6.3
  }
  if (declared !== undefined && declared > limits.maxBytes) {
    throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body of ${declared} bytes exceeds the limit of ${limits.maxBytes}`)
  }
  if (declared !== undefined) take(declared)
  const whole = source.arrived?.()
  if (whole !== undefined) return collected(whole, declared, limits, take)
  const signal = limits.deadline?.()
  const timedOut = (): VerbatimError => new VerbatimError('ERR_INTAKE_BODY_TIMEOUT', 'the body did not arrive in time')
  if (signal?.aborted === true) throw timedOut()
  if (source.collect !== undefined) {
    const chunks: Uint8Array[] = []
    let total = 0
    await source.collect((c) => {
      total = counted(c, total, declared, limits, take)
      chunks.push(c)
    }, signal, timedOut)
    return finished(chunks, total, declared)
  }
  let onAbort: (() => void) | undefined
  const aborted = signal === undefined ? undefined : new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(timedOut())
    signal.addEventListener('abort', onAbort, { once: true })
  })
  aborted?.catch(() => undefined)
  const chunks: Uint8Array[] = []
  let total = 0
  const it = source.chunks[Symbol.asyncIterator]()
  try {
    for (;;) {
      const r = aborted === undefined ? await it.next() : await Promise.race([it.next(), aborted])
      if (r.done === true) break
      total = counted(r.value, total, declared, limits, take)
      chunks.push(r.value)
    }
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
  }
  return finished(chunks, total, declared)
}

/** Counts one chunk against the limit (and, without a declared length, the budget); the new total. */
function counted(value: Uint8Array, total: number, declared: number | undefined, limits: BodyLimits, take: (n: number) => void): number {
  const next = total + value.byteLength
  if (next > limits.maxBytes) throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body exceeds the limit of ${limits.maxBytes} bytes`)
  if (declared === undefined) take(value.byteLength)
  return next
}

/** A body that had fully arrived: the same checks, chunk by chunk, without waiting. */
function collected(chunks: Uint8Array[], declared: number | undefined, limits: BodyLimits, take: (n: number) => void): Uint8Array {
  let total = 0
  for (const c of chunks) total = counted(c, total, declared, limits, take)
  return finished(chunks, total, declared)
}

function finished(chunks: Uint8Array[], total: number, declared: number | undefined): Uint8Array {
  if (declared !== undefined && declared !== total) {
    throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `Content-Length says ${declared} bytes, ${total} arrived`)
  }
  if (total === 0) throw new VerbatimError('ERR_INTAKE_EMPTY_BODY', 'a tool call needs a JSON object body')
  return concat(chunks, total)
}

function parseLength(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  if (!/^\d{1,15}$/.test(v.trim())) throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'invalid Content-Length')
  return Number(v.trim())
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0]
  const out = new Uint8Array(total)
  let off = 0
  for (const c of chunks) {
    out.set(c, off)
    off += c.byteLength
  }
  return out
}

/** Reads a request body under the limit: straight from node:http when there is one, else the web stream (a getter). */
export function readRequestBody(
  incoming: (NodeBody & { headers: Record<string, string | string[] | undefined> }) | undefined,
  web: { body: () => ReadableStream<Uint8Array> | null; header: (name: string) => string | undefined },
  maxBytes: number,
  extra: Pick<BodyLimits, 'budget' | 'deadline'> = {},
): Promise<Uint8Array> {
  const header = (n: string): string | undefined => {
    if (incoming === undefined) return web.header(n)
    const v = incoming.headers[n]
    return Array.isArray(v) ? v.join(', ') : v
  }
  // The web body is only touched without a node request: building it costs a full Request per call.
  return readBody(incoming ? nodeBodySource(incoming) : webBodySource(web.body()), {
    maxBytes,
    declaredLength: header('content-length'),
    transferEncoding: header('transfer-encoding'),
    ...extra,
  })
}
