// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEventSourceTransport } from '../../src/core/transports/event-source'
import { connectorFor, recordingFetch } from '../helpers/transport-harness'

/*
 * CORS-simple event-stream requests: cross-origin from a page, with no custom headers,
 * method or body, the resume position goes in the query string instead of the
 * `Last-Event-ID` header, which would cost a preflight.
 */

const PAGE = 'http://app.test/page'
const CROSS_ORIGIN = 'http://events.test/stream?topic=a%2Fb'

const connect = connectorFor(createEventSourceTransport, CROSS_ORIGIN)
const eventStreamFetch = () =>
  recordingFetch(() =>
    Promise.resolve(new Response(new ReadableStream(), { headers: { 'Content-Type': 'text/event-stream' } })),
  )

function onPage(href = PAGE): void {
  vi.stubGlobal('location', { href })
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('event-source transport: CORS-simple requests', () => {
  it('sends only the safelisted Accept header and no-store cache, on the first connection and on resume', async () => {
    onPage()
    const { fetch, requests } = eventStreamFetch()
    const first = connect({ fetch })
    const resumed = connect({ fetch }, { resumeFrom: '42' })
    await Promise.all([first.until('open'), resumed.until('open')])
    for (const request of requests) {
      expect([...request.headers.keys()]).toEqual(['accept'])
      expect(request.headers.get('Accept')).toBe('text/event-stream')
      expect(request.init.cache).toBe('no-store')
      expect(request.init.method).toBe('GET')
    }
    expect(requests[0]!.url).toBe(CROSS_ORIGIN)
    // The other pairs stay byte for byte (a signed URL must not be re-encoded).
    expect(requests[1]!.url).toBe(`${CROSS_ORIGIN}&lastEventId=42`)
    first.transport.close()
    resumed.transport.close()
  })

  it('replaces a position already in the URL, encodes it, and takes another parameter name', async () => {
    onPage()
    const { fetch, requests } = eventStreamFetch()
    const replaced = connect({ fetch }, { url: 'http://events.test/s?lastEventId=1&x=y', resumeFrom: 'a b&c' })
    const renamed = connect({ fetch, lastEventIdParam: 'lastEventID' }, { url: 'http://events.test/s', resumeFrom: '7' })
    await Promise.all([replaced.until('open'), renamed.until('open')])
    expect(requests[0]!.url).toBe('http://events.test/s?x=y&lastEventId=a%20b%26c')
    expect(requests[1]!.url).toBe('http://events.test/s?lastEventID=7')
    for (const request of requests) expect(request.headers.has('Last-Event-ID')).toBe(false)
    replaced.transport.close()
    renamed.transport.close()
  })

  it('keeps the Last-Event-ID header when the request needs a preflight anyway, or when told to', async () => {
    onPage()
    const { fetch, requests } = eventStreamFetch()
    const attempts = [
      connect({ fetch, headers: { Authorization: 'Bearer t' } }, { resumeFrom: '5' }),
      connect({ fetch, method: 'POST', body: '{}' }, { resumeFrom: '5' }),
      connect({ fetch, lastEventIdParam: false }, { resumeFrom: '5' }),
    ]
    await Promise.all(attempts.map((attempt) => attempt.until('open')))
    for (const request of requests) {
      expect(request.url).toBe(CROSS_ORIGIN)
      expect(request.headers.get('Last-Event-ID')).toBe('5')
    }
    for (const attempt of attempts) attempt.transport.close()
  })

  it('keeps the Last-Event-ID header on the same origin and outside browsers', async () => {
    const { fetch, requests } = eventStreamFetch()
    const inNode = connect({ fetch }, { resumeFrom: '9' })
    await inNode.until('open')
    onPage('http://events.test/app')
    const sameOrigin = connect({ fetch }, { resumeFrom: '9' })
    await sameOrigin.until('open')
    for (const request of requests) {
      expect(request.url).toBe(CROSS_ORIGIN)
      expect(request.headers.get('Last-Event-ID')).toBe('9')
    }
    inNode.transport.close()
    sameOrigin.transport.close()
  })

  it('rejects a lastEventIdParam that is not a non-empty string or false', async () => {
    const { fetch, requests } = eventStreamFetch()
    for (const bad of ['', true, 3] as unknown as string[]) {
      const { until, closeCall } = connect({ fetch, lastEventIdParam: bad })
      await until('close')
      expect(closeCall().info.error?.kind).toBe('protocol')
      expect(closeCall().info.error?.message).toMatch(/lastEventIdParam/)
    }
    expect(requests).toHaveLength(0)
  })
})

describe('event-source transport: the network error hint', () => {
  const failingFetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch

  it('mentions CORS when a cross-origin request fails', async () => {
    onPage()
    const { until, closeCall } = connect({ fetch: failingFetch })
    await until('close')
    const error = closeCall().info.error
    expect(error?.kind).toBe('network')
    expect(error?.message).toMatch(/Failed to fetch/)
    expect(error?.message).toMatch(/CORS/)
    expect(error?.message).toMatch(/Access-Control-Allow-Origin/)
    expect(error?.cause).toBeInstanceOf(TypeError)
  })

  it('does not mention CORS for a same-origin request', async () => {
    onPage('http://events.test/')
    const { until, closeCall } = connect({ fetch: failingFetch })
    await until('close')
    expect(closeCall().info.error?.message).toMatch(/Failed to fetch/)
    expect(closeCall().info.error?.message).not.toMatch(/CORS/)
  })
})
