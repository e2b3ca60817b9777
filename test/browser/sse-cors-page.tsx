import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { useEventSource } from '../../src/hooks/use-event-source'

/*
 * The page of sse-cors.test.ts, on another origin than the SSE server (whose URL
 * comes in `?sse=`). One stream without custom options (must stay CORS-simple and
 * resume through drops), one with a custom header (must fail, with a CORS hint).
 */

declare global {
  interface Window {
    /** The event IDs delivered to onMessage, in order. */
    received: string[]
  }
}

const sseOrigin = new URLSearchParams(location.search).get('sse') ?? ''
window.received = []

function SimpleStream() {
  const { status, lastEventId } = useEventSource(`${sseOrigin}/events/simple`, {
    reconnect: { initialDelayMs: 50, jitter: 0 },
    onMessage: (_data, meta) => window.received.push(meta.id ?? '(none)'),
  })
  return (
    <p data-testid="simple" data-status={status}>
      {lastEventId}
    </p>
  )
}

function CustomisedStream() {
  const { status, error } = useEventSource(`${sseOrigin}/events/custom`, {
    headers: { 'X-Token': 'secret' },
    reconnect: false,
  })
  return (
    <p data-testid="custom" data-status={status}>
      {error?.message}
    </p>
  )
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <SimpleStream />
    <CustomisedStream />
  </StrictMode>,
)
