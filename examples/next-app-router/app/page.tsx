import { Chat, ConnectionStatus, Dashboard, DEFAULT_STATUS_LABELS, Feed, RealtimeError, toFeedItem } from 'react-realtime-kit'
import type { ReconnectOptions } from 'react-realtime-kit'

// A Server Component: it renders the (client) components with plain props, and uses
// the package's server-safe helpers itself.

// Quick retries, so a restarted server is back within a second or two.
const reconnect: ReconnectOptions = { initialDelayMs: 250, maxDelayMs: 2000 }

export default async function Page({ searchParams }: { searchParams: Promise<{ server?: string }> }) {
  // The mock server (`npx react-realtime-kit-mock-server`), or another one given as ?server=.
  const { server = 'http://127.0.0.1:8787' } = await searchParams
  const socketServer = server.replace(/^http/, 'ws')
  const greeting = toFeedItem({ id: 'server', title: 'Rendered on the server' })
  const sample = new RealtimeError('http', 'an example error', { status: 503 })
  return (
    <main>
      <h1>react-realtime-kit on Next.js</h1>
      <p data-testid="server-helpers">
        {greeting.title} · {DEFAULT_STATUS_LABELS.open} · {sample.kind} {sample.status} {String(sample instanceof Error)}
      </p>
      <section data-testid="status">
        <ConnectionStatus url={`${server}/sse/chat`} transport="sse" options={{ reconnect }} />
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
