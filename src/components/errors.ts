import { RealtimeError } from '../core/types'

/** Whatever a `parse` prop threw, as the RealtimeError (kind 'parse') the component reports. */
export function asParseError(error: unknown): RealtimeError {
  if (error instanceof RealtimeError) return error
  return new RealtimeError('parse', error instanceof Error ? error.message : String(error), { cause: error })
}
