/**
 * Imported first: wraps the page's WebSocket so that, whichever library opened
 * the socket, the page knows when the first message arrived and how many have
 * been dispatched to it so far (to tell "lost" from "still queued"). The listener
 * is registered before any library sets onmessage, so it runs first; it costs
 * the same for every implementation.
 */
import './report'

export const marks: { firstMessageAt: number | undefined; delivered: number; socketsOpened: number } = {
  firstMessageAt: undefined,
  delivered: 0,
  socketsOpened: 0,
}

const Native = window.WebSocket

class InstrumentedWebSocket extends Native {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols)
    marks.socketsOpened += 1
    this.addEventListener('message', () => {
      if (marks.firstMessageAt === undefined) {
        marks.firstMessageAt = performance.now()
        // For the Node driver: its clicks and its time cap count from here.
        window.__bench.firstMessageAt = marks.firstMessageAt
      }
      marks.delivered += 1
    })
  }
}

window.WebSocket = InstrumentedWebSocket
