// Handlers are typed with method bivariance, as the DOM's are in practice: a handler of
// MessageEvent fits where one of a plainer event is expected, and the other way round.
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'] | null

/** The mock-socket WebSocket that carries an accepted connection (the part used here). */
export interface CarrierSocket {
  binaryType: string
  readonly protocol: string
  onopen: Handler<Event>
  onmessage: Handler<{ data: unknown }>
  onerror: Handler<Event>
  onclose: Handler<{ code: number; reason: string; wasClean: boolean }>
  send(data: string | ArrayBuffer | Blob): void
  close(code?: number, reason?: string): void
}

/** What a test server does with a socket the code under test creates. */
export interface WebSocketHost {
  /** Starts the opening handshake: later `attach` (upgrade accepted) or `fail` (refused or unreachable). */
  connect(socket: TestWebSocketBase, url: URL, protocols: string | string[] | undefined): void
  /** The client gave up before the handshake finished. */
  abandon(socket: TestWebSocketBase): void
}

const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

// Taken when the module loads, with the EventTarget the socket class extends: events must
// come from its realm, also when a socket closes after a test environment (jsdom) has
// taken its globals away again.
const RealmEvent = Event
const RealmMessageEvent = MessageEvent
const RealmCloseEvent = (globalThis as { CloseEvent?: typeof CloseEvent }).CloseEvent

function closeEvent(code: number, reason: string, wasClean: boolean): Event {
  if (RealmCloseEvent !== undefined) return new RealmCloseEvent('close', { code, reason, wasClean })
  // Node 20 has no CloseEvent: an Event carrying the same fields.
  return Object.assign(new RealmEvent('close'), { code, reason, wasClean })
}

/**
 * The WebSocket the code under test gets from a test server. It behaves like the
 * browser's (readyState, binaryType, on* handlers and listeners, the same events),
 * and stays CONNECTING until the test server accepts the upgrade (`delayMs`,
 * `hang`); from then on a mock-socket WebSocket carries the frames.
 */
export class TestWebSocketBase extends EventTarget {
  static readonly CONNECTING = CONNECTING
  static readonly OPEN = OPEN
  static readonly CLOSING = CLOSING
  static readonly CLOSED = CLOSED
  readonly CONNECTING = CONNECTING
  readonly OPEN = OPEN
  readonly CLOSING = CLOSING
  readonly CLOSED = CLOSED

  readonly url: string
  readonly extensions = ''
  readonly bufferedAmount = 0
  protocol = ''
  binaryType: BinaryType = 'blob'
  readyState: number = CONNECTING
  onopen: Handler<Event> = null
  onmessage: Handler<MessageEvent> = null
  onclose: Handler<CloseEvent> = null
  onerror: Handler<Event> = null

  readonly #host: WebSocketHost
  #inner: CarrierSocket | undefined

  constructor(host: WebSocketHost, url: string | URL, protocols?: string | string[]) {
    super()
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch (cause) {
      throw new DOMException(`Failed to construct 'WebSocket': The URL '${String(url)}' is invalid. (${String(cause)})`, 'SyntaxError')
    }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      throw new DOMException(`Failed to construct 'WebSocket': The URL's scheme must be either 'ws' or 'wss'. '${parsed.protocol}' is not allowed.`, 'SyntaxError')
    }
    this.url = parsed.href
    this.#host = host
    for (const type of ['open', 'message', 'close', 'error'] as const) {
      super.addEventListener(type, (event) => (this[`on${type}`] as Handler<Event>)?.call(this, event))
    }
    host.connect(this, parsed, protocols)
  }

  /** @internal The upgrade was accepted: `inner` carries the connection from now on. */
  attach(inner: CarrierSocket): void {
    if (this.readyState !== CONNECTING) {
      inner.close()
      return
    }
    this.#inner = inner
    inner.binaryType = 'arraybuffer'
    inner.onopen = () => {
      this.readyState = OPEN
      this.protocol = inner.protocol
      this.dispatchEvent(new RealmEvent('open'))
    }
    inner.onmessage = (event) => this.dispatchEvent(new RealmMessageEvent('message', { data: this.#binary(event.data) }))
    inner.onerror = () => this.dispatchEvent(new RealmEvent('error'))
    inner.onclose = (event) => this.#closed(event.code, event.reason, event.wasClean)
  }

  /** @internal The handshake failed (refused upgrade, unknown path, server closed): error, then close 1006. */
  fail(): void {
    if (this.readyState === CLOSED) return
    this.readyState = CLOSED
    this.dispatchEvent(new RealmEvent('error'))
    this.dispatchEvent(closeEvent(1006, '', false))
  }

  send(data: string | ArrayBuffer | Blob | ArrayBufferView): void {
    if (this.readyState === CONNECTING) throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError')
    // Browsers drop data sent after close without an exception.
    if (this.readyState !== OPEN || this.#inner === undefined) return
    this.#inner.send(ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer : data)
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(`Failed to execute 'close' on 'WebSocket': The code must be either 1000, or between 3000 and 4999. ${code} is neither.`, 'InvalidAccessError')
    }
    if (this.readyState === CLOSING || this.readyState === CLOSED) return
    if (this.#inner === undefined) {
      // Closing before the handshake finished fails the connection (error, then close 1006) on a later task.
      this.readyState = CLOSING
      this.#host.abandon(this)
      return
    }
    this.readyState = CLOSING
    this.#inner.close(code, reason)
  }

  #closed(code: number, reason: string, wasClean: boolean): void {
    this.readyState = CLOSED
    this.dispatchEvent(closeEvent(code, reason, wasClean))
  }

  /** Binary frames come as ArrayBuffer or Blob, as `binaryType` asks. */
  #binary(data: unknown): unknown {
    if (!(data instanceof ArrayBuffer) || this.binaryType === 'arraybuffer') return data
    return new Blob([data])
  }
}
