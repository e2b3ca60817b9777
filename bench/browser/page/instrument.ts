/**
 * Imported first: wraps the page's WebSocket so the moment the first message
 * reaches the page is known, whichever library opened the socket. The extra
 * listener removes itself after that first message, so it costs nothing later.
 */
export const marks: { firstMessageAt: number | undefined; socketsOpened: number } = {
  firstMessageAt: undefined,
  socketsOpened: 0,
}

const Native = window.WebSocket

class InstrumentedWebSocket extends Native {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols)
    marks.socketsOpened += 1
    const first = (): void => {
      marks.firstMessageAt ??= performance.now()
      this.removeEventListener('message', first)
    }
    // Registered before any library sets onmessage, so it runs first.
    this.addEventListener('message', first)
  }
}

window.WebSocket = InstrumentedWebSocket
