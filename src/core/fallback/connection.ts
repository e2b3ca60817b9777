import { Connection, type ConnectionConfig } from '../connection'
import { defined } from '../defined'
import { TransportFallback } from './engine'
import type { FallbackConfig } from './types'

export interface FallbackConnectionOptions
  extends Omit<FallbackConfig, 'connectTimeoutMs' | 'stableAfterMs'>,
    Omit<ConnectionConfig, 'url' | 'transport'> {}

/**
 * A Connection that falls back between transports (framework-free; `useRealtime`
 * is the React face of it). `fallback.restart()` before `connection.reconnect()`
 * starts again from the preferred (or remembered) transport.
 */
export function createFallbackConnection(options: FallbackConnectionOptions): {
  connection: Connection
  fallback: TransportFallback
} {
  const { reconnect, connectTimeoutMs, pauseWhenHidden, queueLimit, clock, environment, random, ...config } = options
  const fallback = new TransportFallback({
    ...config,
    ...defined({ connectTimeoutMs, stableAfterMs: reconnect === false ? undefined : reconnect?.stableAfterMs }),
  })
  const connection = new Connection({
    // Each transport has its own URL (endpoints); this one only names the connection.
    url: 'fallback:',
    transport: fallback.transport,
    reconnect: fallback.reconnectOptions(reconnect),
    // Every attempt times its own transport (a held long poll has no connect timeout).
    connectTimeoutMs: Infinity,
    ...defined({ pauseWhenHidden, queueLimit, clock, environment, random }),
  })
  return { connection, fallback }
}
