import { defined } from './defined'
import type { ReconnectOptions } from './types'

export type ResolvedReconnectOptions = Required<Omit<ReconnectOptions, 'shouldReconnect'>> &
  Pick<ReconnectOptions, 'shouldReconnect'>

export const DEFAULT_RECONNECT: ResolvedReconnectOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: Infinity,
  stableAfterMs: 5000,
}

export function resolveReconnectOptions(options: ReconnectOptions | undefined): ResolvedReconnectOptions {
  return { ...DEFAULT_RECONNECT, ...defined(options ?? {}) }
}

/**
 * The wait before retry `attempt` (1-based): min(maxDelayMs, initialDelayMs * factor^(attempt-1)),
 * then jittered to be uniform in [d * (1 - jitter), d]. `random` is injected so tests are exact.
 */
export function backoffDelay(
  attempt: number,
  options: Pick<ResolvedReconnectOptions, 'initialDelayMs' | 'maxDelayMs' | 'factor' | 'jitter'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1)
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** exponent)
  const jitter = Math.min(1, Math.max(0, options.jitter))
  return Math.max(0, base * (1 - jitter * random()))
}
