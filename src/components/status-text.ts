import type { Status } from '../core/types'

/** Words for each status; pass `labels` to a component to translate them. */
export type StatusLabels = Record<Status, string>

export const DEFAULT_STATUS_LABELS: StatusLabels = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  closed: 'Closed',
  failed: 'Connection failed',
}

/** Statuses from which "Reconnect now" makes sense. */
export function canReconnect(status: Status): boolean {
  return status === 'reconnecting' || status === 'offline' || status === 'closed' || status === 'failed'
}
