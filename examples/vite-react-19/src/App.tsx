import { Chat, ConnectionStatus, Dashboard, DEFAULT_STATUS_LABELS, Feed, useEventSource } from 'react-realtime-kit'
import type { ReconnectOptions } from 'react-realtime-kit'
import 'react-realtime-kit/styles.css'

// The mock server (`npx react-realtime-kit-mock-server`), or another one given as ?server=.
const server = new URLSearchParams(location.search).get('server') ?? 'http://127.0.0.1:8787'
const socketServer = server.replace(/^http/, 'ws')
// Quick retries, so a restarted server is back within a second or two.
const reconnect: ReconnectOptions = { initialDelayMs: 250, maxDelayMs: 2000 }

export function App() {
  // A hook result shared with a component through `source`.
  const chatFeed = useEventSource(`${server}/sse/chat`, { reconnect })
  return (
    <main>
      <h1>react-realtime-kit ({DEFAULT_STATUS_LABELS[chatFeed.status]})</h1>
      <section data-testid="status">
        <ConnectionStatus source={chatFeed} />
      </section>
      <section data-testid="feed">
        <Feed url={`${server}/sse/feed`} transport="sse" options={{ reconnect }} />
      </section>
      <section data-testid="dashboard">
        <Dashboard url={`${socketServer}/ws/metrics`} transport="websocket" options={{ reconnect }} />
      </section>
      <section data-testid="chat">
        <Chat url={`${socketServer}/ws/chat`} transport="websocket" user="Ada" options={{ reconnect }} />
      </section>
      <section data-testid="long-poll-chat">
        <Chat url={`${server}/poll/chat`} transport="long-poll" sendUrl={`${server}/send/chat`} user="Grace" options={{ reconnect }} />
      </section>
    </main>
  )
}
