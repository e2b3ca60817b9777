import type { ReactNode } from 'react'
import { useCountdown } from '../../src/components/use-countdown'
import type { RealtimeResult } from '../../src/hooks/types'
import './inspector.css'

const LAST_MESSAGE_CHARS = 160

export interface HookInspectorProps {
  /** Which hook, for the accessible name ("useWebSocket result"). */
  hook: string
  result: RealtimeResult<unknown>
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > LAST_MESSAGE_CHARS ? `${text.slice(0, LAST_MESSAGE_CHARS)}…` : text
}

/** A hook's result as a reader wants to watch it: every field the machine changes, live. */
export function HookInspector({ hook, result }: HookInspectorProps): ReactNode {
  const { status, attempt, nextRetryAt, lastMessage, error, received } = result
  const secondsLeft = useCountdown(nextRetryAt)
  return (
    <section className="rrk rrk-inspector" aria-label={`${hook} result`} data-status={status}>
      <dl className="rrk-inspector__fields">
        <dt>status</dt>
        <dd>
          {/* Only the status is announced; the other fields change too often to be read out. */}
          <span role="status" data-testid="status">
            {status}
          </span>
        </dd>
        <dt>attempt</dt>
        <dd data-testid="attempt">{attempt}</dd>
        <dt>next retry</dt>
        <dd data-testid="next-retry">
          {secondsLeft === undefined ? '—' : secondsLeft > 0 ? `in ${secondsLeft} s` : 'now'}
        </dd>
        <dt>received</dt>
        <dd data-testid="received">{received}</dd>
        <dt>lastMessage</dt>
        <dd data-testid="last-message">{lastMessage === undefined ? '—' : shortJson(lastMessage)}</dd>
        <dt>error</dt>
        <dd data-testid="error">{error === undefined ? '—' : `${error.kind}: ${error.message}`}</dd>
      </dl>
      <div className="rrk-inspector__actions">
        <button type="button" className="rrk-button" onClick={() => result.close()}>
          close()
        </button>
        <button type="button" className="rrk-button" onClick={() => result.reconnect()}>
          reconnect()
        </button>
      </div>
    </section>
  )
}
