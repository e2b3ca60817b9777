import { useRef, useState } from 'react'
import { Feed, type FeedItem } from '../../src/components'
import type { WebSocketOptions } from '../../src/hooks/types'
import { connect } from './backend'
import type { Loaded } from './loaded'

/** `count` streams send `{ seq }`; shown as "Message #seq". */
export function numbered(message: unknown): FeedItem {
  const seq = (message as { seq?: unknown } | null)?.seq
  if (typeof seq !== 'number') throw new Error(`Not a numbered message: ${JSON.stringify(message)}`)
  return { id: seq, title: `Message #${seq}` }
}

/**
 * A Feed over a WebSocket whose URL is a function: every reconnect asks the
 * server to resume after the last message seen (`?cursor=`), so drops lose
 * nothing and repeat nothing. It also counts connections, to make faults visible.
 */
export function ResumingFeed({ url, options }: { url: string; options: WebSocketOptions<unknown, unknown> }) {
  const lastSeq = useRef(0)
  const [opens, setOpens] = useState(0)
  const [closes, setCloses] = useState(0)
  return (
    <div>
      <Feed
        transport="websocket"
        url={() => (lastSeq.current > 0 ? `${url}&cursor=${lastSeq.current}` : url)}
        options={{
          ...options,
          onMessage: (message) => {
            const seq = (message as { seq?: unknown } | null)?.seq
            if (typeof seq === 'number') lastSeq.current = seq
          },
          onOpen: () => setOpens((n) => n + 1),
          onClose: () => setCloses((n) => n + 1),
        }}
        parse={numbered}
        order="newest-last"
        max={200}
        label="Feed under faults"
      />
      <p className="rrk" data-testid="counts">
        opened {opens}, ended {closes}
      </p>
    </div>
  )
}

/** The list shows 1, 2, 3, … n with nothing missing and nothing twice. */
export function consecutive(titles: readonly (string | null)[]): boolean {
  return titles.every((title, index) => title === `Message #${index + 1}`)
}

/** The fault both backends show: the server drops the WebSocket after every 3 messages; the feed resumes. */
export function DropsEveryThree({ backend, run }: Loaded) {
  const { url, options } = connect(
    backend,
    'websocket',
    'feed',
    { count: 1000, rate: 10, dropAfter: 3, run },
    { reconnect: { initialDelayMs: 200, jitter: 0 } },
  )
  return <ResumingFeed url={url as string} options={options ?? {}} />
}
