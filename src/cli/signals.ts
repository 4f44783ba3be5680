/** @module cli/signals: SIGINT and SIGTERM, waited for by the commands that run until told to stop. */

export interface SignalWait {
  /** Resolves on the first SIGINT or SIGTERM. */
  signal: Promise<NodeJS.Signals>
  dispose(): void
}

/**
 * Installs SIGINT/SIGTERM handlers now. Call it before starting anything: a signal that arrives
 * between "listening" and the handler would otherwise kill the process without a clean stop.
 */
export function waitForSignal(): SignalWait {
  let on: (sig: NodeJS.Signals) => void = () => undefined
  const dispose = (): void => {
    process.off('SIGINT', on)
    process.off('SIGTERM', on)
  }
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    on = (sig) => {
      dispose()
      resolve(sig)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
  return { signal, dispose }
}
