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
 *   node --import tsx bench/mount-cycles.ts [--cycles=10000] [--modes=production,strict-dev]
 */
import { fork } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Table } from './lib/result'
import { renderTable } from './lib/table'

const HOOKS = ['useWebSocket', 'useEventSource', 'useLongPoll'] as const
type HookName = (typeof HOOKS)[number]
/** The same rounds with a component that uses no hook of ours: what React and jsdom alone do to the heap. */
const CONTROL = 'control (no hook)'
type Subject = HookName | typeof CONTROL
const SUBJECTS: readonly Subject[] = [CONTROL, ...HOOKS]

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
/** heapUsed (after GC) is sampled this many times over the cycles; a leak shows as a slope. */
const HEAP_CHECKPOINTS = 10
/**
 * Heap growth per cycle, beyond the control's, still counted as none. One leaked hook
 * would keep its fiber, subscription, connection and closures: kilobytes, not bytes.
 */
const LEAK_BYTES_PER_CYCLE = 100

export interface HookCycles {
  hook: Subject
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
  /** The most sockets/requests and timers alive at once during the cycles: proof that the counters see them. */
  peakConnections: number
  peakTimers: number
  heapBeforeBytes: number
  heapAfterBytes: number
  heapDeltaBytes: number
  /** Least-squares slope of heapUsed over the cycles (checkpoints after the first): a leak keeps growing, warm-up does not. */
  heapGrowthPerCycleBytes: number
  /** heapUsed after GC at the start, every tenth of the cycles, and the end… */
  heapSamplesBytes: number[]
  /** …after this many cycles. */
  heapSampleCycles: number[]
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
const signedKb = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${kb(bytes)}`

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
      'peak live (conn. / timers)',
      'heap before → after GC',
      'heap Δ',
      'heap growth / cycle',
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
      `${hook.peakConnections} / ${hook.peakTimers}`,
      `${kb(hook.heapBeforeBytes)} → ${kb(hook.heapAfterBytes)}`,
      signedKb(hook.heapDeltaBytes),
      `${hook.heapGrowthPerCycleBytes >= 0 ? '+' : ''}${Math.round(hook.heapGrowthPerCycleBytes)} B`,
      `${(hook.durationMs / 1000).toFixed(1)} s`,
    ]),
  }
}

function clean(hook: HookCycles, control: HookCycles | undefined): boolean {
  const baseline = control?.heapGrowthPerCycleBytes ?? 0
  return (
    hook.extraConnections === 0 &&
    hook.lostMessages === 0 &&
    hook.liveSockets === 0 &&
    hook.liveRequests === 0 &&
    hook.liveTimers === 0 &&
    hook.liveListeners === 0 &&
    hook.sharedConnections === 0 &&
    hook.heapGrowthPerCycleBytes - Math.max(0, baseline) < LEAK_BYTES_PER_CYCLE
  )
}

/** Runs both modes (one child process each), prints their tables, returns the numbers. */
export async function runMountCycles(
  options: { cycles?: number; modes?: readonly Mode[] } = {},
): Promise<Record<string, unknown>> {
  const cycles = options.cycles ?? DEFAULT_CYCLES
  const results: ModeResult[] = []
  for (const mode of options.modes ?? MODES) {
    console.log(`  mount-cycles: ${mode}…`)
    results.push(await runChild(mode, cycles))
  }
  for (const result of results) console.log(`\n${renderTable(toTable(result))}`)
  const allClean = results.every((result) => {
    const control = result.hooks.find((hook) => hook.hook === CONTROL)
    return result.hooks.every((hook) => clean(hook, control))
  })
  console.log(
    [
      '',
      `${allClean ? 'OK' : 'LEAK'}: nothing may be left, and heap growth per cycle may exceed the control's by less than ${LEAK_BYTES_PER_CYCLE} B.`,
      `Phases rotate per round of ${PER_ROUND} mounts: ${PHASES.join(', ')}.`,
      '"heap Δ" is heapUsed after forced GC at the end minus after a warm-up round (noise: a few hundred KB either way);',
      `"heap growth / cycle" is the slope over ${HEAP_CHECKPOINTS} checkpoints, which a leak would keep at kilobytes per cycle.`,
    ].join('\n'),
  )
  return {
    cycles,
    perRound: PER_ROUND,
    phases: [...PHASES],
    leakBytesPerCycle: LEAK_BYTES_PER_CYCLE,
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
  const scheme = (name: Subject): string => (name === 'useWebSocket' ? 'ws' : 'http')

  type ProbeProps = { url: string; share: boolean }
  const show = (result: { lastMessage: unknown; status: string }) =>
    React.createElement('span', null, String(result.lastMessage ?? result.status))
  const probes: Record<Subject, (props: ProbeProps) => ReturnType<typeof show>> = {
    [CONTROL]: function ControlProbe() {
      const [status] = React.useState('idle')
      React.useEffect(() => undefined, [])
      return show({ lastMessage: undefined, status })
    },
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
  async function runRound(hook: Subject, phase: Phase): Promise<{ extra: number; lost: number }> {
    const control = hook === CONTROL
    round++
    server.behaviour = phase === 'connecting' ? 'hang' : phase === 'retrying' ? 'refuse' : 'accept'
    const share = phase === 'shared'
    const urls = Array.from({ length: PER_ROUND }, (_, index) => {
      const key = share ? Math.floor(index / SHARE_GROUP) : index
      return `${scheme(hook)}://127.0.0.1/cycles/${round}/${key}`
    })
    const expectedConnections = phase === 'before-connect' || control ? 0 : new Set(urls).size
    const connectionsBefore = server.connections
    received = 0

    const container = document.createElement('div')
    document.body.append(container)
    const root = createRoot(container)
    const children = urls.map((url, index) => React.createElement(probes[hook], { key: index, url, share }))
    const tree = strict ? React.createElement(React.StrictMode, null, children) : children
    flushSync(() => root.render(tree))

    const expectedMessages =
      !control && (phase === 'open-rendered' || phase === 'open-frame-pending' || phase === 'shared')
        ? PER_ROUND * MESSAGES_PER_CONNECTION
        : 0
    if (phase !== 'before-connect') {
      // Bounded waits: the connect task, the fake server's answers, the messages.
      await waitFor(() => server.connections - connectionsBefore >= expectedConnections, sleep)
      if (control) await sleep(2)
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
  for (const hook of SUBJECTS) {
    // Warm-up: every phase once, so that code, JIT and React's one-time listeners are in place.
    for (const phase of PHASES) await runRound(hook, phase)
    await settle()
    // React listens once per document ('selectionchange'), never removed: counted from here.
    const listenersBase = listeners.live()
    timers.takePeak()
    server.takePeak()
    const heapBefore = await heapAfterGc()
    const started = performance.now()
    let extraConnections = 0
    let lostMessages = 0
    const heapSamples = [heapBefore]
    const heapSampleCycles = [0]
    let measuring = 0
    for (let index = 0; index < rounds; index++) {
      const outcome = await runRound(hook, PHASES[index % PHASES.length] as Phase)
      extraConnections += outcome.extra
      lostMessages += outcome.lost
      // Heap checkpoints: a leak grows with the cycles, warm-up does not.
      if ((index + 1) % Math.max(1, Math.floor(rounds / HEAP_CHECKPOINTS)) === 0 && index + 1 < rounds) {
        const pause = performance.now()
        await settle()
        heapSamples.push(await heapAfterGc())
        heapSampleCycles.push((index + 1) * PER_ROUND)
        measuring += performance.now() - pause
      }
    }
    await settle()
    const durationMs = performance.now() - started - measuring
    const heapAfter = await heapAfterGc()
    heapSamples.push(heapAfter)
    heapSampleCycles.push(rounds * PER_ROUND)
    results.push({
      hook,
      cycles: rounds * PER_ROUND,
      extraConnections,
      lostMessages,
      liveSockets: server.liveSockets,
      liveRequests: server.liveRequests,
      // Absolute: React and jsdom keep the timer functions they loaded with, so every counted timer is the hooks'.
      liveTimers: timers.live(),
      liveListeners: listeners.live() - listenersBase,
      sharedConnections: sharedConnections.size,
      peakConnections: server.takePeak(),
      peakTimers: timers.takePeak(),
      heapBeforeBytes: heapBefore,
      heapAfterBytes: heapAfter,
      heapDeltaBytes: heapAfter - heapBefore,
      heapGrowthPerCycleBytes: slope(heapSampleCycles.slice(1), heapSamples.slice(1)),
      heapSamplesBytes: heapSamples,
      heapSampleCycles,
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

/** Least-squares slope of ys over xs (0 with fewer than two points). */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length)
  if (n < 2) return 0
  const mean = (values: readonly number[]): number => values.slice(0, n).reduce((sum, value) => sum + value, 0) / n
  const mx = mean(xs)
  const my = mean(ys)
  let numerator = 0
  let denominator = 0
  for (let index = 0; index < n; index++) {
    const dx = (xs[index] ?? 0) - mx
    numerator += dx * ((ys[index] ?? 0) - my)
    denominator += dx * dx
  }
  return denominator === 0 ? 0 : numerator / denominator
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
  let peak = 0
  const added = (handle: unknown): void => {
    live.add(handle)
    peak = Math.max(peak, live.size)
  }
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = globalThis
  const raf = globalThis.requestAnimationFrame
  const caf = globalThis.cancelAnimationFrame
  const g = globalThis as unknown as Record<string, unknown>
  g.setTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = st(() => {
      live.delete(handle)
      callback(...args)
    }, ms)
    added(handle)
    return handle
  }
  g.clearTimeout = (handle: Parameters<typeof clearTimeout>[0]) => {
    live.delete(handle)
    ct(handle)
  }
  g.setInterval = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = si(callback, ms, ...args)
    added(handle)
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
    added(`frame:${handle}`)
    return handle
  }
  g.cancelAnimationFrame = (handle: number) => {
    live.delete(`frame:${handle}`)
    caf(handle)
  }
  return {
    live: () => live.size,
    /** The most alive at once since the last call. */
    takePeak(): number {
      const result = peak
      peak = live.size
      return result
    },
  }
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
  private peak = 0
  /** The most sockets and requests alive at once since the last call. */
  takePeak(): number {
    const result = this.peak
    this.peak = this.live
    return result
  }
  private track(set: Set<object>, item: object): void {
    set.add(item)
    this.peak = Math.max(this.peak, this.live)
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
        server.track(server.sockets, this)
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
    this.track(this.requests, token)
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
    const modes = argument('modes')?.split(',').filter((mode): mode is Mode => (MODES as readonly string[]).includes(mode))
    await runMountCycles({ cycles, ...(modes && modes.length > 0 ? { modes } : {}) })
  }
}
