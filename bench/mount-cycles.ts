/**
 * e. Mount/unmount cycles: 10,000 of each hook, in React (react-dom in jsdom), then
 * "what is left": sockets and requests still open, timers still scheduled, window/
 * document listeners still attached, shared connections still registered, and the
 * heap after a full GC against the heap before the cycles.
 *
 * Why jsdom with fakes, not the mock server: what can leak is the hook's own state
 * (sockets it forgot to close, timers it forgot to clear, listeners, closures kept by
 * a registry), and a fake `WebSocket`/`fetch` counts every socket and request exactly,
 * with no kernel sockets, TIME_WAIT or server-side buffering to blur the heap numbers.
 * The transports' real-network behaviour is measured by the transports bench.
 *
 * Each round mounts PER_ROUND components in a fresh root, takes them to one phase,
 * and unmounts the root. Phases rotate, so every way a hook can be unmounted is
 * exercised: before its connect task ran, while connecting, open with a rendered
 * message, open with a frame still pending, with a retry pending after a refusal,
 * and sharing one connection (share: true) four to a URL.
 *
 * Two runs, each in its own child process (`--expose-gc` for the heap numbers, and
 * React's build is chosen per process by NODE_ENV): React's production build as
 * shipped, and the development build inside <StrictMode> (double effects: a phantom
 * connection would show as an extra connection).
 *
 *   node --import tsx bench/mount-cycles.ts [--cycles=10000]
 */
import { fork } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Table } from './lib/result'
import { renderTable } from './lib/table'

const HOOKS = ['useWebSocket', 'useEventSource', 'useLongPoll'] as const
type HookName = (typeof HOOKS)[number]

const PHASES = ['before-connect', 'connecting', 'open-rendered', 'open-frame-pending', 'retrying', 'shared'] as const
type Phase = (typeof PHASES)[number]

const MODES = ['production', 'strict-dev'] as const
type Mode = (typeof MODES)[number]

const DEFAULT_CYCLES = 10_000
const PER_ROUND = 100
/** share: true subscribers per URL in the 'shared' phase. */
const SHARE_GROUP = 4
const SHARE_GRACE_MS = 5
/** Messages each open connection delivers (every subscriber must see all of them). */
const MESSAGES_PER_CONNECTION = 3
/** The whole child run is killed after this; the table then says so. */
const CHILD_TIMEOUT_MS = 5 * 60_000
/** Heap growth still counted as "back near its start". */
const HEAP_TOLERANCE_BYTES = 1024 * 1024

export interface HookCycles {
  hook: HookName
  cycles: number
  /** Connections made beyond one per mounted hook (or per shared group): phantom StrictMode sockets. */
  extraConnections: number
  /** Messages a subscriber should have had but did not (open and shared phases). */
  lostMessages: number
  liveSockets: number
  liveRequests: number
  liveTimers: number
  liveListeners: number
  sharedConnections: number
  heapBeforeBytes: number
  heapAfterBytes: number
  heapDeltaBytes: number
  durationMs: number
}

export interface ModeResult {
  mode: Mode
  react: string
  hooks: HookCycles[]
}

// ---------------------------------------------------------------- parent side

function runChild(mode: Mode, cycles: number): Promise<ModeResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--child', mode, `--cycles=${cycles}`], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, NODE_ENV: mode === 'production' ? 'production' : 'development' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    let result: ModeResult | undefined
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`mount-cycles (${mode}) did not finish within ${CHILD_TIMEOUT_MS / 1000} s`))
    }, CHILD_TIMEOUT_MS)
    child.on('message', (message) => {
      result = message as ModeResult
    })
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (result) resolve(result)
      else reject(new Error(`mount-cycles (${mode}) exited with code ${String(code)} and no result`))
    })
  })
}

const kb = (bytes: number): string => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KB`

function toTable(result: ModeResult): Table {
  const title =
    result.mode === 'production'
      ? `e. Mount/unmount cycles — React ${result.react} production build`
      : `e. Mount/unmount cycles — React ${result.react} development build in <StrictMode>`
  return {
    title,
    columns: [
      'hook',
      'cycles',
      'extra connections',
      'lost messages',
      'sockets / requests left',
      'timers left',
      'listeners left',
      'shared left',
      'heap before → after GC',
      'heap Δ',
      'time',
    ],
    rows: result.hooks.map((hook) => [
      hook.hook,
      hook.cycles.toLocaleString('en-US'),
      hook.extraConnections,
      hook.lostMessages,
      hook.hook === 'useWebSocket' ? hook.liveSockets : hook.liveRequests,
      hook.liveTimers,
      hook.liveListeners,
      hook.sharedConnections,
      `${kb(hook.heapBeforeBytes)} → ${kb(hook.heapAfterBytes)}`,
      `${hook.heapDeltaBytes >= 0 ? '+' : ''}${kb(hook.heapDeltaBytes)}`,
      `${(hook.durationMs / 1000).toFixed(1)} s`,
    ]),
  }
}

function clean(hook: HookCycles): boolean {
  return (
    hook.extraConnections === 0 &&
    hook.lostMessages === 0 &&
    hook.liveSockets === 0 &&
    hook.liveRequests === 0 &&
    hook.liveTimers === 0 &&
    hook.liveListeners === 0 &&
    hook.sharedConnections === 0 &&
    hook.heapDeltaBytes < HEAP_TOLERANCE_BYTES
  )
}

/** Runs both modes (one child process each), prints their tables, returns the numbers. */
export async function runMountCycles(options: { cycles?: number } = {}): Promise<Record<string, unknown>> {
  const cycles = options.cycles ?? DEFAULT_CYCLES
  const results: ModeResult[] = []
  for (const mode of MODES) {
    console.log(`  mount-cycles: ${mode}…`)
    results.push(await runChild(mode, cycles))
  }
  for (const result of results) console.log(`\n${renderTable(toTable(result))}`)
  const allClean = results.every((result) => result.hooks.every(clean))
  console.log(
    `\n${allClean ? 'OK' : 'LEAK'}: ` +
      `phases rotated per round of ${PER_ROUND}: ${PHASES.join(', ')}; ` +
      `"heap Δ" is heapUsed after forced GC minus heapUsed after a warm-up round (tolerance ${kb(HEAP_TOLERANCE_BYTES)}).`,
  )
  return {
    cycles,
    perRound: PER_ROUND,
    phases: [...PHASES],
    heapToleranceBytes: HEAP_TOLERANCE_BYTES,
    clean: allClean,
    modes: Object.fromEntries(results.map((result) => [result.mode, result])),
  }
}

// ----------------------------------------------------------------- child side

/** Sleeps on the real, uncounted timer. */
type Sleep = (ms: number) => Promise<void>

async function childMain(mode: Mode, cycles: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('mount-cycles child needs --expose-gc')

  // The DOM first, then React (its scheduler keeps the timer functions it finds at load, so
  // React's own timers are not counted below), then the counters, which replace the globals
  // that the hooks look up at call time.
  const { JSDOM } = await loadJsdom()
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'http://127.0.0.1/' })
  installDom(dom.window)
  const React = await import('react')
  const { createRoot } = await import('react-dom/client')
  const { flushSync } = await import('react-dom')
  const hooks = {
    useWebSocket: (await import('../src/hooks/use-web-socket')).useWebSocket,
    useEventSource: (await import('../src/hooks/use-event-source')).useEventSource,
    useLongPoll: (await import('../src/hooks/use-long-poll')).useLongPoll,
  }
  const { sharedConnections } = await import('../src/hooks/use-connection')

  const realSetTimeout = globalThis.setTimeout
  const sleep: Sleep = (ms) => new Promise((resolve) => realSetTimeout(resolve, ms))
  const timers = countTimers()
  const listeners = countListeners([window, document])
  const server = new FakeServer()
  let received = 0

  const strict = mode === 'strict-dev'
  // Every timer a hook can own is exercised: heartbeat, SSE idle timeout, poll timeout, retry, frames.
  const HEARTBEAT = { message: 'ping', intervalMs: 1000, timeoutMs: 1000 }
  const common = (share: boolean) => ({
    history: 10,
    onMessage: () => {
      received++
    },
    ...(share ? { share: true, shareGraceMs: SHARE_GRACE_MS } : {}),
  })
  const scheme = (name: HookName): string => (name === 'useWebSocket' ? 'ws' : 'http')

  type ProbeProps = { url: string; share: boolean }
  const show = (result: { lastMessage: unknown; status: string }) =>
    React.createElement('span', null, String(result.lastMessage ?? result.status))
  const probes: Record<HookName, (props: ProbeProps) => ReturnType<typeof show>> = {
    useWebSocket: function WebSocketProbe({ url, share }) {
      return show(hooks.useWebSocket(url, { ...common(share), WebSocket: server.WebSocket, heartbeat: HEARTBEAT }))
    },
    useEventSource: function EventSourceProbe({ url, share }) {
      return show(hooks.useEventSource(url, { ...common(share), fetch: server.sseFetch, idleTimeoutMs: 30_000 }))
    },
    useLongPoll: function LongPollProbe({ url, share }) {
      return show(hooks.useLongPoll(url, { ...common(share), fetch: server.pollFetch }))
    },
  }

  let round = 0
  /** One round: PER_ROUND hooks in a fresh root, taken to `phase`, then unmounted. */
  async function runRound(hook: HookName, phase: Phase): Promise<{ extra: number; lost: number }> {
    round++
    server.behaviour = phase === 'connecting' ? 'hang' : phase === 'retrying' ? 'refuse' : 'accept'
    const share = phase === 'shared'
    const urls = Array.from({ length: PER_ROUND }, (_, index) => {
      const key = share ? Math.floor(index / SHARE_GROUP) : index
      return `${scheme(hook)}://127.0.0.1/cycles/${round}/${key}`
    })
    const expectedConnections = phase === 'before-connect' ? 0 : new Set(urls).size
    const connectionsBefore = server.connections
    received = 0

    const container = document.createElement('div')
    document.body.append(container)
    const root = createRoot(container)
    const children = urls.map((url, index) => React.createElement(probes[hook], { key: index, url, share }))
    const tree = strict ? React.createElement(React.StrictMode, null, children) : children
    flushSync(() => root.render(tree))

    const expectedMessages = phase === 'open-rendered' || phase === 'open-frame-pending' || phase === 'shared'
      ? PER_ROUND * MESSAGES_PER_CONNECTION
      : 0
    if (phase !== 'before-connect') {
      // Bounded waits: the connect task, the fake server's answers, the messages.
      await waitFor(() => server.connections - connectionsBefore >= expectedConnections, sleep)
      if (phase === 'retrying') await waitFor(() => server.live === 0, sleep)
      if (expectedMessages > 0) await waitFor(() => received >= expectedMessages, sleep)
      // A frame (and the 100 ms fallback would be later): the snapshot renders.
      if (phase === 'open-rendered' || phase === 'shared') await sleep(20)
    }
    root.unmount()
    container.remove()
    if (share) await sleep(SHARE_GRACE_MS * 3)
    return {
      extra: server.connections - connectionsBefore - expectedConnections,
      lost: Math.max(0, expectedMessages - received),
    }
  }

  async function settle(): Promise<void> {
    // Let closes, aborts and grace periods finish; anything still scheduled after that is left behind.
    await sleep(50)
    await waitFor(() => timers.live() === 0 && server.live === 0, sleep, 2000)
  }

  async function heapAfterGc(): Promise<number> {
    for (let index = 0; index < 4; index++) {
      gc?.()
      await sleep(10)
    }
    return process.memoryUsage().heapUsed
  }

  const results: HookCycles[] = []
  const rounds = Math.max(PHASES.length, Math.ceil(cycles / PER_ROUND))
  for (const hook of HOOKS) {
    // Warm-up: every phase once, so that code, JIT and React's one-time listeners are in place.
    for (const phase of PHASES) await runRound(hook, phase)
    await settle()
    const timersBase = timers.live()
    const listenersBase = listeners.live()
    const heapBefore = await heapAfterGc()
    const started = performance.now()
    let extraConnections = 0
    let lostMessages = 0
    for (let index = 0; index < rounds; index++) {
      const outcome = await runRound(hook, PHASES[index % PHASES.length] as Phase)
      extraConnections += outcome.extra
      lostMessages += outcome.lost
    }
    await settle()
    const durationMs = performance.now() - started
    const heapAfter = await heapAfterGc()
    results.push({
      hook,
      cycles: rounds * PER_ROUND,
      extraConnections,
      lostMessages,
      liveSockets: server.liveSockets,
      liveRequests: server.liveRequests,
      liveTimers: timers.live() - timersBase,
      liveListeners: listeners.live() - listenersBase,
      sharedConnections: sharedConnections.size,
      heapBeforeBytes: heapBefore,
      heapAfterBytes: heapAfter,
      heapDeltaBytes: heapAfter - heapBefore,
      durationMs,
    })
  }

  process.send?.({ mode, react: React.version, hooks: results } satisfies ModeResult)
  dom.window.close()
}

interface JsdomModule {
  JSDOM: new (
    html: string,
    options: { pretendToBeVisual: boolean; url: string },
  ) => { window: Window & typeof globalThis & { close(): void } }
}

/** jsdom ships no types (and @types/jsdom is not installed): the little used here, typed by hand. */
async function loadJsdom(): Promise<JsdomModule> {
  const specifier = 'jsdom'
  return (await import(specifier)) as JsdomModule
}

/** Polls `done` on the real timer for at most `limitMs`. */
async function waitFor(done: () => boolean, sleep: Sleep, limitMs = 1000): Promise<void> {
  const deadline = performance.now() + limitMs
  while (!done() && performance.now() < deadline) await sleep(1)
}

/** What react-dom and the hooks look up as globals. */
function installDom(window: Window & typeof globalThis): void {
  const globals: Record<string, unknown> = {
    window,
    document: window.document,
    navigator: window.navigator,
    HTMLElement: window.HTMLElement,
    HTMLIFrameElement: window.HTMLIFrameElement,
    Element: window.Element,
    Node: window.Node,
    Text: window.Text,
    getComputedStyle: window.getComputedStyle.bind(window),
    requestAnimationFrame: window.requestAnimationFrame.bind(window),
    cancelAnimationFrame: window.cancelAnimationFrame.bind(window),
  }
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
  }
}

/** Replaces setTimeout/setInterval/requestAnimationFrame and their cancels with counting ones. */
function countTimers() {
  const live = new Set<unknown>()
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = globalThis
  const raf = globalThis.requestAnimationFrame
  const caf = globalThis.cancelAnimationFrame
  const g = globalThis as unknown as Record<string, unknown>
  g.setTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = st(() => {
      live.delete(handle)
      callback(...args)
    }, ms)
    live.add(handle)
    return handle
  }
  g.clearTimeout = (handle: Parameters<typeof clearTimeout>[0]) => {
    live.delete(handle)
    ct(handle)
  }
  g.setInterval = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = si(callback, ms, ...args)
    live.add(handle)
    return handle
  }
  g.clearInterval = (handle: Parameters<typeof clearInterval>[0]) => {
    live.delete(handle)
    ci(handle)
  }
  // Frame handles are numbers; kept apart from timer handles by a prefix.
  g.requestAnimationFrame = (callback: FrameRequestCallback) => {
    const handle = raf((time) => {
      live.delete(`frame:${handle}`)
      callback(time)
    })
    live.add(`frame:${handle}`)
    return handle
  }
  g.cancelAnimationFrame = (handle: number) => {
    live.delete(`frame:${handle}`)
    caf(handle)
  }
  return { live: () => live.size }
}

/** Counts listeners added to and not removed from the targets (any event type). */
function countListeners(targets: readonly EventTarget[]) {
  const live = new Map<string, number>()
  const keys = new WeakMap<object, number>()
  let nextKey = 0
  const keyOf = (target: EventTarget, type: string, listener: unknown, capture: boolean): string => {
    const object = (listener ?? {}) as object
    let id = keys.get(object)
    if (id === undefined) keys.set(object, (id = nextKey++))
    return `${targets.indexOf(target)}:${type}:${id}:${capture}`
  }
  const captureOf = (options: unknown): boolean =>
    typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean } | undefined)?.capture)
  for (const target of targets) {
    const add = target.addEventListener.bind(target)
    const remove = target.removeEventListener.bind(target)
    target.addEventListener = (type, listener, options) => {
      const key = keyOf(target, type, listener, captureOf(options))
      // The DOM ignores a second identical add; so does the count.
      if (!live.has(key)) live.set(key, 1)
      add(type, listener, options)
    }
    target.removeEventListener = (type, listener, options) => {
      live.delete(keyOf(target, type, listener, captureOf(options)))
      remove(type, listener, options)
    }
  }
  return { live: () => live.size }
}

type Behaviour = 'accept' | 'hang' | 'refuse'

/**
 * The server side of the fakes: WebSockets and fetch requests that count themselves.
 * 'accept' opens and sends MESSAGES_PER_CONNECTION messages, 'hang' never answers,
 * 'refuse' fails the attempt (WS close 1006 before open, HTTP 503).
 */
class FakeServer {
  behaviour: Behaviour = 'accept'
  connections = 0
  private readonly sockets = new Set<object>()
  private readonly requests = new Set<object>()

  get liveSockets(): number {
    return this.sockets.size
  }
  get liveRequests(): number {
    return this.requests.size
  }
  get live(): number {
    return this.sockets.size + this.requests.size
  }

  readonly WebSocket = ((server: FakeServer) =>
    class FakeWebSocket {
      readyState = 0
      binaryType = 'blob'
      onopen: ((event: unknown) => void) | null = null
      onmessage: ((event: { data: unknown }) => void) | null = null
      onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null
      onerror: ((event: unknown) => void) | null = null

      constructor(readonly url: string) {
        server.connections++
        server.sockets.add(this)
        const behaviour = server.behaviour
        queueMicrotask(() => {
          if (this.readyState !== 0) return
          if (behaviour === 'refuse') return this.closed(1006, false)
          if (behaviour === 'hang') return
          this.readyState = 1
          this.onopen?.({})
          for (let index = 1; index <= MESSAGES_PER_CONNECTION && this.readyState === 1; index++) {
            this.onmessage?.({ data: `m${index}` })
          }
        })
      }

      send(): void {
        if (this.readyState !== 1) throw new Error('not open')
      }

      close(code = 1000): void {
        if (this.readyState >= 2) return
        this.readyState = 2
        queueMicrotask(() => this.closed(code, true))
      }

      private closed(code: number, wasClean: boolean): void {
        this.readyState = 3
        server.sockets.delete(this)
        this.onclose?.({ code, reason: '', wasClean })
      }
    })(this)

  /** An event stream: MESSAGES_PER_CONNECTION events, then open until aborted or cancelled. */
  readonly sseFetch = (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    this.connections++
    return this.request(init?.signal ?? undefined, (done) => {
      const encoder = new TextEncoder()
      const events = Array.from({ length: MESSAGES_PER_CONNECTION }, (_, index) => `data: m${index + 1}\n\n`).join('')
      let controller: ReadableStreamDefaultController<Uint8Array> | undefined
      const body = new ReadableStream<Uint8Array>({
        start(streamController) {
          controller = streamController
          streamController.enqueue(encoder.encode(events))
        },
        cancel: done,
      })
      init?.signal?.addEventListener('abort', () => {
        done()
        try {
          controller?.error(new DOMException('aborted', 'AbortError'))
        } catch {
          // Already cancelled.
        }
      })
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
    })
  }

  /** Long-poll: the first request of a chain gets the messages; later ones wait until aborted. */
  readonly pollFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input)
    // A long-poll connection is a chain of requests; only its first has no cursor.
    const first = !url.includes('cursor=')
    if (first) this.connections++
    return this.request(init?.signal ?? undefined, (done) => {
      if (!first) return undefined
      done()
      const messages = Array.from({ length: MESSAGES_PER_CONNECTION }, (_, index) => `m${index + 1}`)
      return new Response(JSON.stringify({ messages, cursor: 'c1' }), { headers: { 'Content-Type': 'application/json' } })
    })
  }

  /**
   * A request counted as live until `done`, an abort, or a refusal. `answer` returns the
   * response, or undefined to leave the request pending (until aborted).
   */
  private request(signal: AbortSignal | undefined, answer: (done: () => void) => Response | undefined): Promise<Response> {
    const token = {}
    const done = (): void => void this.requests.delete(token)
    if (signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'))
    this.requests.add(token)
    const behaviour = this.behaviour
    return new Promise<Response>((resolve, reject) => {
      signal?.addEventListener('abort', () => {
        done()
        reject(new DOMException('aborted', 'AbortError'))
      })
      if (behaviour === 'hang') return
      if (behaviour === 'refuse') {
        done()
        resolve(new Response(null, { status: 503 }))
        return
      }
      const response = answer(done)
      if (response) resolve(response)
    })
  }

}

// ------------------------------------------------------------------ entry

function argument(name: string): string | undefined {
  const prefix = `--${name}=`
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length)
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  const cycles = Number(argument('cycles') ?? DEFAULT_CYCLES)
  const childIndex = process.argv.indexOf('--child')
  if (childIndex !== -1) {
    const mode = process.argv[childIndex + 1] as Mode
    await childMain(mode, cycles)
    // jsdom's frame loop and React's scheduler keep the loop alive; the result is sent.
    process.exit(0)
  } else {
    await runMountCycles({ cycles })
  }
}
