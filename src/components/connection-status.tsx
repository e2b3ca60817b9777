import type { ReactElement } from 'react'
import { RealtimeSource } from './realtime-source'
import { canReconnect, DEFAULT_STATUS_LABELS, type StatusLabels } from './status-text'
import type { DataSourceProps, SourceResult } from './types'
import { useCountdown } from './use-countdown'
import { cx } from './cx'

export interface ConnectionStatusOwnProps {
  /** Replace some or all status words. */
  labels?: Partial<StatusLabels> | undefined
  /** Text of the reconnect button. Default "Reconnect now". */
  reconnectLabel?: string | undefined
  /** Hide the error message shown after `failed` or while retrying. Default false. */
  hideError?: boolean | undefined
  className?: string | undefined
}

export type ConnectionStatusProps = DataSourceProps & ConnectionStatusOwnProps

/**
 * A status badge: what the connection is doing, the retry attempt and a
 * countdown to the next one while reconnecting, and a "Reconnect now" button.
 */
export function ConnectionStatus(props: ConnectionStatusProps): ReactElement {
  const { source, url, transport, options, endpoints, ...own } = props
  return (
    <RealtimeSource props={{ source, url, transport, options, endpoints } as DataSourceProps} defaults={{ history: 0 }}>
      {(result) => <ConnectionStatusView {...own} source={result} />}
    </RealtimeSource>
  )
}

/** The badge for a hook result; the other components show it in their headers. */
export function ConnectionStatusView({
  source,
  labels,
  reconnectLabel = 'Reconnect now',
  hideError = false,
  className,
}: ConnectionStatusOwnProps & { source: SourceResult<never> }): ReactElement {
  const { status, attempt, nextRetryAt, error } = source
  const words = { ...DEFAULT_STATUS_LABELS, ...labels }
  const secondsLeft = useCountdown(status === 'reconnecting' ? nextRetryAt : undefined)
  const detail = status === 'reconnecting' && attempt > 0 ? ` (attempt ${attempt})` : ''
  const showError = !hideError && error !== undefined && (status === 'reconnecting' || status === 'failed')

  return (
    <div className={cx('rrk', 'rrk-status', className)} data-status={status}>
      <span className="rrk-status__dot" aria-hidden="true" />
      {/* Only status changes are announced; the countdown sits outside the live region. */}
      <span role="status" className="rrk-status__text">
        <span className="rrk-status__label">
          {words[status]}
          {detail}
        </span>
        {showError && <span className="rrk-status__error">{error.message}</span>}
      </span>
      {secondsLeft !== undefined && (
        <span className="rrk-status__countdown">
          {secondsLeft > 0 ? `next try in ${secondsLeft} s` : 'trying now…'}
        </span>
      )}
      {canReconnect(status) && (
        <button type="button" className="rrk-button rrk-status__reconnect" onClick={() => source.reconnect()}>
          {reconnectLabel}
        </button>
      )}
    </div>
  )
}
