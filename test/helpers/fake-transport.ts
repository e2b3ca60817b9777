import type { Environment, Transport, TransportContext, TransportFactory, WireData } from '../../src/core/types'

export interface FakeAttempt {
  context: TransportContext
  sent: WireData[]
  closedByClient: boolean
}

/** A transport whose every attempt is recorded and driven by hand through its sink. */
export function fakeTransport(): { factory: TransportFactory; attempts: FakeAttempt[]; last(): FakeAttempt } {
  const attempts: FakeAttempt[] = []
  const factory: TransportFactory = (context) => {
    const attempt: FakeAttempt = { context, sent: [], closedByClient: false }
    attempts.push(attempt)
    const transport: Transport = {
      send: (data) => void attempt.sent.push(data),
      close: () => {
        attempt.closedByClient = true
      },
    }
    return transport
  }
  return {
    factory,
    attempts,
    last() {
      const attempt = attempts.at(-1)
      if (!attempt) throw new Error('no attempt was made')
      return attempt
    },
  }
}

/** An environment whose online/visible facts tests flip; counts live listeners. */
export function fakeEnvironment(initial: { online?: boolean; visible?: boolean } = {}) {
  const values = { online: initial.online ?? true, visible: initial.visible ?? true }
  const listeners = { online: new Set<() => void>(), visible: new Set<() => void>() }
  const signal = (name: 'online' | 'visible') => ({
    get: () => values[name],
    subscribe(listener: () => void) {
      listeners[name].add(listener)
      return () => void listeners[name].delete(listener)
    },
  })
  const environment: Environment = {
    online: signal('online'),
    visible: signal('visible'),
    requestFrame(callback) {
      const handle = setTimeout(callback, 16)
      return () => clearTimeout(handle)
    },
  }
  return {
    environment,
    set(name: 'online' | 'visible', value: boolean) {
      values[name] = value
      for (const listener of [...listeners[name]]) listener()
    },
    listenerCount: () => listeners.online.size + listeners.visible.size,
  }
}
