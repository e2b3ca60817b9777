/**
 * Part c: a 50-tile dashboard with SVG sparklines under a steady message load.
 * Every implementation renders through the project's own DashboardView, so the
 * rendering work is identical; only the way messages reach it differs:
 *   ours                  <Dashboard transport="websocket" url> (useWebSocket, history, frame batching)
 *   react-use-websocket   its `lastMessage`, handed to DashboardView as a source without history
 *   react-realtime-hooks  the same with its `lastMessage`
 *   raw                   a WebSocket in an effect, functional setState into a window of messages
 */
import { Profiler, useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
// The package is CommonJS with a getter-defined default export, which the bundler's
// interop does not unwrap; its named export is the same function.
import { useWebSocket as useReactUseWebSocket } from 'react-use-websocket/dist/lib/use-websocket'
import { useWebSocket as useReactRealtimeHooks } from 'react-realtime-hooks'
import { Dashboard, DashboardView, toMetricUpdates } from '../../../src/components/index'
import type { MetricUpdate, SourceResult } from '../../../src/components/index'
import type { Status } from '../../../src/index'
import { frameGaps } from './frame-gaps'
import { marks } from './instrument'
import { fail, finish, pageErrors } from './report'
import '../../../src/styles.css'

interface Update {
  metric: string
  value: number
  seq: number
}

interface ImplProps {
  url: string
  metrics: readonly string[]
  parse: (message: unknown) => MetricUpdate[]
}

/** As many messages as <Dashboard> keeps by default between two renders. */
const WINDOW = 2000
const NO_MESSAGES: readonly Update[] = []

function sourceOf(
  status: Status,
  lastMessage: unknown,
  received: number,
  messages: readonly unknown[] = NO_MESSAGES,
): SourceResult {
  return {
    status,
    lastMessage,
    messages,
    received,
    error: undefined,
    attempt: 0,
    nextRetryAt: undefined,
    close: () => {},
    reconnect: () => {},
  }
}

function Ours({ url, metrics, parse }: ImplProps): ReactNode {
  return <Dashboard transport="websocket" url={url} metrics={metrics} parse={parse} />
}

function ReactUseWebSocket({ url, metrics, parse }: ImplProps): ReactNode {
  const { lastMessage, readyState } = useReactUseWebSocket(url)
  const status: Status = readyState === WebSocket.OPEN ? 'open' : readyState === WebSocket.CONNECTING ? 'connecting' : 'closed'
  const received = useChangeCount(lastMessage)
  const source = useMemo(
    () => sourceOf(status, lastMessage === null ? undefined : (JSON.parse(lastMessage.data as string) as Update), received),
    [status, lastMessage, received],
  )
  return <DashboardView source={source} metrics={metrics} parse={parse} />
}

function ReactRealtimeHooks({ url, metrics, parse }: ImplProps): ReactNode {
  const socket = useReactRealtimeHooks<Update>({ url, parseMessage: (event) => JSON.parse(String(event.data)) as Update })
  const status: Status = socket.status === 'open' ? 'open' : socket.status === 'connecting' ? 'connecting' : 'closed'
  const received = useChangeCount(socket.lastMessage)
  const source = useMemo(
    () => sourceOf(status, socket.lastMessage ?? undefined, received),
    [status, socket.lastMessage, received],
  )
  return <DashboardView source={source} metrics={metrics} parse={parse} />
}

/**
 * How many times `value` changed (null and undefined at the start count as none): the
 * reference hooks expose only their last message, so each change stands for one message.
 */
function useChangeCount(value: unknown): number {
  const [seen, setSeen] = useState({ value, count: value === null || value === undefined ? 0 : 1 })
  if (seen.value === value) return seen.count
  // React's "adjust state while rendering" pattern: it re-renders at once, before committing.
  setSeen({ value, count: seen.count + 1 })
  return seen.count + 1
}

interface RecentUpdates {
  recent: readonly Update[]
  received: number
}

function appendToWindow(previous: RecentUpdates, update: Update): RecentUpdates {
  const next = previous.recent.length >= WINDOW ? previous.recent.slice(previous.recent.length - WINDOW + 1) : previous.recent.slice()
  next.push(update)
  return { recent: next, received: previous.received + 1 }
}

function Raw({ url, metrics, parse }: ImplProps): ReactNode {
  const [{ recent, received }, setWindow] = useState<RecentUpdates>({ recent: NO_MESSAGES, received: 0 })
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const socket = new WebSocket(url)
    socket.onopen = () => setOpen(true)
    socket.onmessage = (event) => {
      const update = JSON.parse(event.data as string) as Update
      setWindow((previous) => appendToWindow(previous, update))
    }
    return () => socket.close()
  }, [url])
  const source = useMemo(
    () => sourceOf(open ? 'open' : 'connecting', recent[recent.length - 1], received, recent),
    [open, recent, received],
  )
  return <DashboardView source={source} metrics={metrics} parse={parse} />
}

const DASHBOARD_IMPLEMENTATIONS: Record<string, (props: ImplProps) => ReactNode> = {
  ours: Ours,
  'react-use-websocket': ReactUseWebSocket,
  'react-realtime-hooks': ReactRealtimeHooks,
  raw: Raw,
}

const LONG_TASK_MS = 50
/** After the load: wait until no message was seen for this long (bounded by SETTLE_CAP_MS). */
const SETTLE_IDLE_MS = 1000
const SETTLE_CAP_MS = 5000

interface DashboardBenchProps {
  impl: string
  url: string
  tiles: number
  total: number
  loadMs: number
}

export function DashboardBench({ impl, url, tiles, total, loadMs }: DashboardBenchProps): ReactNode {
  const Impl = DASHBOARD_IMPLEMENTATIONS[impl]
  const [probe] = useState(() => createLoadProbe({ total, loadMs }))
  const metrics = useMemo(() => Array.from({ length: tiles }, (_, i) => `m${String(i).padStart(2, '0')}`), [tiles])
  useEffect(() => probe.start(), [probe])
  if (!Impl) {
    fail(`unknown implementation ${impl}`)
    return null
  }
  return (
    <Profiler id="dashboard" onRender={probe.onRender}>
      <Impl url={url} metrics={metrics} parse={probe.parse} />
    </Profiler>
  )
}

interface LoadProbe {
  parse: (message: unknown) => MetricUpdate[]
  onRender: (id: string, phase: string, actualDuration: number) => void
  start: () => () => void
}

/**
 * Watches the page while the load runs: every animation frame, long tasks,
 * clicks on #probe (event timestamp → next frame), React commits, and which
 * message numbers reached the dashboard's state (through its `parse`).
 */
function createLoadProbe({ total, loadMs }: { total: number; loadMs: number }): LoadProbe {
  const seen = new Set<number>()
  let lastSeenAt = 0
  const frames: number[] = []
  const longTasks: { start: number; duration: number }[] = []
  const clicks: number[] = []
  let commits = 0
  let renderMs = 0
  let ended = false

  const parse = (message: unknown): MetricUpdate[] => {
    const seq = (message as { seq?: unknown }).seq
    if (typeof seq === 'number' && !seen.has(seq)) {
      seen.add(seq)
      lastSeenAt = performance.now()
    }
    return toMetricUpdates(message)
  }

  const onRender = (_id: string, _phase: string, actualDuration: number): void => {
    if (marks.firstMessageAt === undefined || ended) return
    commits += 1
    renderMs += actualDuration
  }

  const start = (): (() => void) => {
    let frame = requestAnimationFrame(function tick(time) {
      frames.push(time)
      frame = requestAnimationFrame(tick)
    })
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration })
    })
    observer.observe({ type: 'longtask', buffered: true })
    const button = document.getElementById('probe')
    const onClick = (event: Event): void => {
      const clickedAt = event.timeStamp
      requestAnimationFrame(() => clicks.push(performance.now() - clickedAt))
    }
    button?.addEventListener('click', onClick)

    const stop = (): void => {
      clearInterval(watchdog)
      cancelAnimationFrame(frame)
      observer.disconnect()
      button?.removeEventListener('click', onClick)
    }
    const watchdog = setInterval(() => {
      const first = marks.firstMessageAt
      if (first === undefined) return
      const now = performance.now()
      const loadOver = now - first > loadMs
      const settled = seen.size >= total || now - Math.max(lastSeenAt, first) > SETTLE_IDLE_MS
      // Settling waits for the implementation to catch up, within SETTLE_CAP_MS.
      if (!(loadOver && settled) && now - first < loadMs + SETTLE_CAP_MS) return
      ended = true
      stop()
      report(first)
    }, 100)
    return stop
  }

  const report = (first: number): void => {
    const end = first + loadMs
    const inLoad = frames.filter((time) => time >= first && time <= end)
    const { dropped, missedFrames, worstGap } = frameGaps(inLoad)
    const tasks = longTasks.filter((task) => task.start + task.duration >= first && task.start <= end)
    finish({
      frames: inLoad.length,
      droppedFrames: dropped,
      missedFrames,
      worstFrameGapMs: worstGap,
      longTasks: tasks.filter((task) => task.duration > LONG_TASK_MS).length,
      longTaskMs: tasks.reduce((sum, task) => sum + task.duration, 0),
      /** [ms after the first message, duration] of each long task: start-up ones are mounting and JIT, not the load. */
      longTaskList: tasks
        .filter((task) => task.duration > LONG_TASK_MS)
        .map((task) => [Math.round(task.start - first), Math.round(task.duration)]),
      clickToFrameMs: clicks,
      commits,
      renderMs,
      // Dispatched to the page by the end; the rest was still queued in the browser.
      delivered: marks.delivered,
      received: seen.size,
      lost: marks.delivered - seen.size,
      behind: total - marks.delivered,
      sockets: marks.socketsOpened,
      pageErrors: pageErrors.count,
      firstPageErrors: pageErrors.first,
    })
  }

  return { parse, onRender, start }
}
