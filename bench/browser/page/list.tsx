/**
 * Part b: one list, four ways of filling it from a WebSocket. Each way is the
 * one its library documents for keeping every message (or, for the raw socket,
 * the usual React idiom); the list markup is the same for all.
 */
import { Profiler, useEffect, useState } from 'react'
import type { ReactNode } from 'react'
// The package is CommonJS with a getter-defined default export, which the bundler's
// interop does not unwrap; its named export is the same function.
import { useWebSocket as useReactUseWebSocket } from 'react-use-websocket/dist/lib/use-websocket'
import { useWebSocket as useReactRealtimeHooks } from 'react-realtime-hooks'
import { useWebSocket } from '../../../src/index'
import { marks } from './instrument'
import { fail, finish, pageErrors } from './report'

interface Item {
  seq: number
}

interface ImplProps {
  url: string
  total: number
}

const parseItem = (raw: unknown): Item => JSON.parse(raw as string) as Item

function Items({ items }: { items: readonly Item[] }): ReactNode {
  return (
    <ul id="list">
      {items.map((item) => (
        <li key={item.seq}>{item.seq}</li>
      ))}
    </ul>
  )
}

/** react-realtime-kit: `history` keeps every message; the snapshot is published once per frame. */
function Ours({ url, total }: ImplProps): ReactNode {
  const { messages } = useWebSocket<Item>(url, { history: total, parse: parseItem })
  return <Items items={messages} />
}

/** react-use-websocket, as its README builds a message history: an effect on `lastMessage`. */
function ReactUseWebSocket({ url }: ImplProps): ReactNode {
  const { lastMessage } = useReactUseWebSocket(url)
  const [items, setItems] = useState<Item[]>([])
  useEffect(() => {
    // The library's documented pattern is what is being measured.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (lastMessage !== null) setItems((previous) => previous.concat(parseItem(lastMessage.data)))
  }, [lastMessage])
  return <Items items={items} />
}

/** react-realtime-hooks: the same `lastMessage` pattern (its README renders `lastMessage`). */
function ReactRealtimeHooks({ url }: ImplProps): ReactNode {
  const socket = useReactRealtimeHooks<Item>({ url, parseMessage: (event) => parseItem(event.data) })
  const { lastMessage } = socket
  const [items, setItems] = useState<Item[]>([])
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (lastMessage !== null) setItems((previous) => previous.concat(lastMessage))
  }, [lastMessage])
  return <Items items={items} />
}

/**
 * react-realtime-hooks with its `onMessage` callback and a functional setState:
 * keeps every message, for a like-for-like time comparison.
 */
function ReactRealtimeHooksOnMessage({ url }: ImplProps): ReactNode {
  const [items, setItems] = useState<Item[]>([])
  useReactRealtimeHooks<Item>({
    url,
    parseMessage: (event) => parseItem(event.data),
    onMessage: (item) => setItems((previous) => [...previous, item]),
  })
  return <Items items={items} />
}

/**
 * Reference, not a contender: collects every message outside React and renders
 * the list once, when the last one is in. Its time is mostly the browser
 * receiving and parsing the messages: the floor for all the others.
 */
function ReceiveThenRenderOnce({ url, total }: ImplProps): ReactNode {
  const [items, setItems] = useState<readonly Item[]>([])
  useEffect(() => {
    const received: Item[] = []
    const socket = new WebSocket(url)
    socket.onmessage = (event) => {
      received.push(parseItem(event.data))
      if (received.length === total) setItems(received)
    }
    return () => socket.close()
  }, [url, total])
  return <Items items={items} />
}

/** A raw WebSocket in an effect, one functional setState per message. */
function Raw({ url }: ImplProps): ReactNode {
  const [items, setItems] = useState<Item[]>([])
  useEffect(() => {
    const socket = new WebSocket(url)
    socket.onmessage = (event) => {
      const item = parseItem(event.data)
      setItems((previous) => [...previous, item])
    }
    return () => socket.close()
  }, [url])
  return <Items items={items} />
}

export const LIST_IMPLEMENTATIONS: Record<string, (props: ImplProps) => ReactNode> = {
  ours: Ours,
  'react-use-websocket': ReactUseWebSocket,
  'react-realtime-hooks': ReactRealtimeHooks,
  raw: Raw,
  'react-realtime-hooks-onmessage': ReactRealtimeHooksOnMessage,
  'render-once': ReceiveThenRenderOnce,
}

/** No new message and no new item for this long: whatever is missing is lost. */
const IDLE_MS = 1500
/** No message by then: the implementation failed to connect or to load. */
const NO_MESSAGE_MS = 15_000

/**
 * Wraps an implementation in a Profiler: counts commits and, after each one,
 * how many items the DOM holds. Done when all `total` are there or when neither
 * a message arrived nor the DOM changed for IDLE_MS. (A time cap lives in the Node driver: a page flooded with
 * message tasks may not run its own timers until the flood is over.)
 */
export function ListBench({ impl, url, total }: { impl: string; url: string; total: number }): ReactNode {
  const Impl = LIST_IMPLEMENTATIONS[impl]
  const [state] = useState(() => createListProbe(total))
  useEffect(() => state.start(), [state])
  if (!Impl) {
    fail(`unknown implementation ${impl}`)
    return null
  }
  return (
    <Profiler id="list" onRender={state.onRender}>
      <Impl url={url} total={total} />
    </Profiler>
  )
}

function createListProbe(total: number): {
  onRender: (id: string, phase: string, actualDuration: number) => void
  start: () => () => void
} {
  const startedAt = performance.now()
  let commits = 0
  let commitsAfterFirst = 0
  let renderMs = 0
  let items = 0
  let lastChangeAt = 0
  let delivered = 0
  let lastDeliveryAt = 0
  let ended = false
  let watchdog: ReturnType<typeof setInterval> | undefined

  const end = (reason: 'complete' | 'idle' | 'no message'): void => {
    if (ended) return
    ended = true
    clearInterval(watchdog)
    const first = marks.firstMessageAt
    if (first === undefined) {
      fail(`no message arrived within ${NO_MESSAGE_MS} ms; page errors: ${pageErrors.first.join(' | ') || 'none'}`)
      return
    }
    finish({
      reason,
      totalMs: lastChangeAt - first,
      commits: commitsAfterFirst,
      commitsIncludingMount: commits,
      renderMs,
      items,
      delivered: marks.delivered,
      lost: total - items,
      sockets: marks.socketsOpened,
      pageErrors: pageErrors.count,
      firstPageErrors: pageErrors.first,
    })
  }

  const onRender = (_id: string, _phase: string, actualDuration: number): void => {
    if (ended) return
    commits += 1
    renderMs += actualDuration
    if (marks.firstMessageAt !== undefined) commitsAfterFirst += 1
    const count = document.getElementById('list')?.childElementCount ?? 0
    if (count !== items) {
      items = count
      lastChangeAt = performance.now()
      if (items >= total) end('complete')
    }
  }

  const start = (): (() => void) => {
    watchdog = setInterval(() => {
      const now = performance.now()
      if (marks.delivered !== delivered) {
        delivered = marks.delivered
        lastDeliveryAt = now
      }
      const first = marks.firstMessageAt
      if (first === undefined && now - startedAt > NO_MESSAGE_MS) end('no message')
      else if (first !== undefined && now - Math.max(lastChangeAt, lastDeliveryAt, first) > IDLE_MS) end('idle')
    }, 250)
    return () => clearInterval(watchdog)
  }

  return { onRender, start }
}
