/** @module http/live-streams: the long-lived streams of a gate or a guard, cut at once when it stops. */
/**
 * The long-lived streams a process relays now (an MCP session's GET stream, a subscriptions/listen),
 * each by the function that cuts it. They hold no call, so a stopping gate or guard cuts them at
 * once instead of waiting out its grace; one that opens after the cut is cut as it opens.
 */
export interface LiveStreams {
  /** Holds `cut` until the stream closes (`close` returned); cuts it at once when the gate is stopping. */
  add(cut: () => void): () => void
  /** Cuts every stream held, and every one added from now on. */
  cutAll(): void
  readonly size: number
}

export function createLiveStreams(): LiveStreams {
  const held = new Set<() => void>()
  let stopping = false
  return {
    add(cut) {
      if (stopping) {
        cut()
        return () => undefined
      }
      held.add(cut)
      return () => void held.delete(cut)
    },
    cutAll() {
      stopping = true
      for (const cut of [...held]) cut()
      held.clear()
    },
    get size() {
      return held.size
    },
  }
}
