import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useEventSource } from '../../src/hooks/use-event-source'
import { advance, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeSseFetch } from '../helpers/fake-fetch'
import { fakeTimersForEachTest, releaseSharedConnections } from '../helpers/hook-lifecycle'

/*
 * A shared connection is configured by a subscriber that is still mounted: once the
 * component that created it unmounts, the next attempt reads the url function and
 * the transport options of a remaining subscriber.
 */

fakeTimersForEachTest(releaseSharedConnections)

describe.each(WRAPPERS)('share: options from a live subscriber (%s)', (_name, wrapper) => {
  it('after the creator unmounts, the next attempt uses the remaining subscriber url function and headers', async () => {
    const server = fakeSseFetch()
    function Subscriber({ who }: { who: string }) {
      useEventSource(() => `http://127.0.0.1:9876/sse/feed?who=${who}`, {
        share: 'feed',
        fetch: server.fetch,
        headers: { 'X-Who': who },
        reconnect: { initialDelayMs: 100, jitter: 0 },
      })
      return null
    }
    const view = render(
      <>
        <Subscriber key="a" who="a" />
        <Subscriber key="b" who="b" />
      </>,
      { wrapper },
    )
    await advance(FRAME_MS)
    expect(server.requests.map((request) => request.url)).toEqual(['http://127.0.0.1:9876/sse/feed?who=a'])

    view.rerender(<Subscriber key="b" who="b" />)
    await advance(FRAME_MS)
    server.last().stream.end()
    await advance(100 + FRAME_MS)
    expect(server.requests).toHaveLength(2)
    expect(server.last().url).toBe('http://127.0.0.1:9876/sse/feed?who=b')
    expect(server.last().headers.get('X-Who')).toBe('b')
  })
})
