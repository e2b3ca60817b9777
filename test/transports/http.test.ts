// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTimer } from '../../src/core/timers'
import { buildHeaders, checkNumberOption, httpError, lookUpFetch, readBoundedText, toHeaderValue } from '../../src/core/transports/http'
import { parseHttpDate, parseRetryAfter, retryHints } from '../../src/core/transports/retry-after'
import { resolveHttpUrl, withQueryParam } from '../../src/core/transports/url'
import { RealtimeError } from '../../src/core/types'
import type { Clock } from '../../src/core/types'

afterEach(() => {
  vi.unstubAllGlobals()
})

/** The RealtimeError `run` throws; fails the test when it throws nothing or something else. */
function thrownBy(run: () => unknown): RealtimeError {
  try {
    run()
  } catch (error) {
    if (error instanceof RealtimeError) return error
    throw error
  }
  throw new Error('expected a RealtimeError to be thrown')
}

const NOW = Date.UTC(2024, 10, 6, 8, 49, 0) // Wed, 06 Nov 2024 08:49:00 GMT

describe('parseRetryAfter', () => {
  it.each<[string | null | undefined, number | undefined]>([
    ['120', 120_000],
    ['0', 0],
    [' 5 ', 5000],
    ['007', 7000],
    ['Wed, 06 Nov 2024 08:49:30 GMT', 30_000],
    ['wed, 06 nov 2024 08:50:00 gmt', 60_000],
    ['Wednesday, 06-Nov-24 08:49:10 GMT', 10_000],
    ['Wed Nov  6 08:49:05 2024', 5000],
    ['Tue, 05 Nov 2024 08:49:00 GMT', 0],
    ['1.5', undefined],
    ['-1', undefined],
    ['1e3', undefined],
    ['soon', undefined],
    ['', undefined],
    ['2024-11-06T08:49:30Z', undefined],
    ['Wed, 06 Foo 2024 08:49:30 GMT', undefined],
    ['Wed, 32 Nov 2024 08:49:30 GMT', undefined],
    ['Wed, 06 Nov 2024 25:49:30 GMT', undefined],
    ['9'.repeat(400), undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %s', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })
})

describe('parseHttpDate', () => {
  it('reads all three HTTP-date forms as UTC', () => {
    const expected = Date.UTC(1994, 10, 6, 8, 49, 37)
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(expected)
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(expected)
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(expected)
  })

  it('reads asctime as UTC whatever the local time zone (Date.parse would read it as local)', () => {
    const zone = process.env.TZ
    try {
      for (const tz of ['America/New_York', 'Asia/Kolkata']) {
        process.env.TZ = tz
        // The zone really is in force: Date.parse shifts the same text by it.
        expect(Date.parse('Sun Nov  6 08:49:37 1994')).not.toBe(Date.UTC(1994, 10, 6, 8, 49, 37))
        expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37))
        expect(parseRetryAfter('Wed Nov  6 08:49:05 2024', NOW)).toBe(5000)
      }
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it('reads every month, and a two-digit day in asctime', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    months.forEach((month, index) => {
      expect(parseHttpDate(`Mon, 01 ${month} 2024 00:00:00 GMT`)).toBe(Date.UTC(2024, index, 1))
      expect(parseHttpDate(`Mon ${month} 11 00:00:00 2024`)).toBe(Date.UTC(2024, index, 11))
    })
    // Three letters out of the month list that are not a month.
    expect(parseHttpDate('Mon, 01 Anf 2024 00:00:00 GMT')).toBeUndefined()
  })

  it('reads two-digit years below 70 as 20xx', () => {
    expect(parseHttpDate('Friday, 01-Jan-30 00:00:00 GMT')).toBe(Date.UTC(2030, 0, 1))
  })

  it('rejects what Date.parse would accept but HTTP does not', () => {
    expect(parseHttpDate('5')).toBeUndefined()
    expect(parseHttpDate('November 6, 1994')).toBeUndefined()
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 +0000')).toBeUndefined()
  })
})

describe('retryHints', () => {
  const response = (status: number, retryAfter?: string): Pick<Response, 'status' | 'headers'> => ({
    status,
    headers: new Headers(retryAfter === undefined ? {} : { 'Retry-After': retryAfter }),
  })

  it('reads Retry-After on 429 and 503 only', () => {
    expect(retryHints(response(429, '3'), NOW)).toEqual({ retryAfterMs: 3000 })
    expect(retryHints(response(503, 'Wed, 06 Nov 2024 08:49:02 GMT'), NOW)).toEqual({ retryAfterMs: 2000 })
    expect(retryHints(response(500, '3'), NOW)).toBeUndefined()
    expect(retryHints(response(301, '3'), NOW)).toBeUndefined()
  })

  it('gives no hint without a readable header', () => {
    expect(retryHints(response(503), NOW)).toBeUndefined()
    expect(retryHints(response(429, 'later'), NOW)).toBeUndefined()
  })
})

describe('httpError', () => {
  it('is an http RealtimeError carrying the status', () => {
    const error = httpError({ status: 502, statusText: 'Bad Gateway' }, 'The poll request')
    expect(error).toBeInstanceOf(RealtimeError)
    expect(error.kind).toBe('http')
    expect(error.status).toBe(502)
    expect(error.message).toBe('The poll request failed with HTTP 502 Bad Gateway')
    expect(httpError({ status: 500, statusText: '' }, 'X').message).toBe('X failed with HTTP 500')
  })
})

describe('resolveHttpUrl', () => {
  it('accepts absolute http and https URLs', () => {
    expect(String(resolveHttpUrl('https://example.test/a?b=c'))).toBe('https://example.test/a?b=c')
    expect(String(resolveHttpUrl('HTTP://Example.test'))).toBe('http://example.test/')
  })

  it('resolves relative URLs against the page when there is one', () => {
    vi.stubGlobal('location', { href: 'https://page.test/app/view' })
    expect(String(resolveHttpUrl('../api/stream'))).toBe('https://page.test/api/stream')
    expect(String(resolveHttpUrl('//other.test/x'))).toBe('https://other.test/x')
  })

  it.each([
    ['/relative', /Invalid URL "\/relative"/],
    ['http://', /Invalid URL/],
    ['ws://example.test/', /scheme must be http or https, not ws:/],
    ['javascript:alert(1)', /scheme must be http or https/],
    ['data:text/plain,x', /scheme must be http or https/],
  ])('rejects %j with a protocol error', (url, message) => {
    const result = thrownBy(() => resolveHttpUrl(url))
    expect(result).toBeInstanceOf(RealtimeError)
    expect(result.kind).toBe('protocol')
    expect(result.message).toMatch(message)
  })

  it('rejects a relative URL when the page is about:blank', () => {
    vi.stubGlobal('location', { href: 'about:blank' })
    expect(thrownBy(() => resolveHttpUrl('/x'))).toBeInstanceOf(RealtimeError)
  })
})

describe('withQueryParam', () => {
  it.each([
    ['http://h.test/p', 'http://h.test/p?cursor=1'],
    ['http://h.test/p?', 'http://h.test/p?cursor=1'],
    ['http://h.test/p?a=1', 'http://h.test/p?a=1&cursor=1'],
    ['http://h.test/p?cursor=0&a=1', 'http://h.test/p?a=1&cursor=1'],
    ['http://h.test/p?cur%73or=0&a=1', 'http://h.test/p?a=1&cursor=1'],
    ['http://h.test/p?cursor&a', 'http://h.test/p?a&cursor=1'],
    ['http://h.test/p?sig=a+b%2F~c&&x=%E2%82%AC', 'http://h.test/p?sig=a+b%2F~c&x=%E2%82%AC&cursor=1'],
    ['http://h.test/p?bad=%E0%A4%A#frag', 'http://h.test/p?bad=%E0%A4%A&cursor=1#frag'],
    ['http://h.test/p?%E0%A4%A=1', 'http://h.test/p?%E0%A4%A=1&cursor=1'],
  ])('%s → %s, other pairs untouched', (url, expected) => {
    expect(withQueryParam(new URL(url), 'cursor', '1')).toBe(expected)
  })

  it('encodes the name and the value', () => {
    expect(withQueryParam(new URL('http://h.test/'), 'a b', 'x&y=z é')).toBe('http://h.test/?a%20b=x%26y%3Dz%20%C3%A9')
  })

  it('does not change the URL it was given', () => {
    const url = new URL('http://h.test/p?a=1')
    withQueryParam(url, 'cursor', '2')
    expect(url.href).toBe('http://h.test/p?a=1')
  })
})

describe('toHeaderValue', () => {
  it('keeps ASCII and turns the rest into UTF-8 bytes that Headers accepts', () => {
    expect(toHeaderValue('abc-123')).toBe('abc-123')
    const value = toHeaderValue('é…😀')
    expect(() => new Headers({ 'Last-Event-ID': value })).not.toThrow()
    expect(Array.from(value, (char) => char.charCodeAt(0))).toEqual([...new TextEncoder().encode('é…😀')])
  })
})

describe('buildHeaders', () => {
  it('starts from the defaults and lets the user override them', () => {
    const headers = buildHeaders({ Accept: 'a/b', 'X-Keep': '1' }, { accept: 'c/d', 'X-User': 'u' })
    expect(headers).toBeInstanceOf(Headers)
    expect(Object.fromEntries(headers as Headers)).toEqual({ accept: 'c/d', 'x-keep': '1', 'x-user': 'u' })
  })

  it('accepts every HeadersInit form', () => {
    expect((buildHeaders({}, new Headers({ a: '1' })) as Headers).get('a')).toBe('1')
    expect((buildHeaders({}, [['b', '2']]) as Headers).get('b')).toBe('2')
    expect(buildHeaders({ c: '3' }, undefined)).toBeInstanceOf(Headers)
  })

  it('throws a protocol error for invalid headers', () => {
    const result = thrownBy(() => buildHeaders({}, { 'no spaces allowed': 'x' }))
    expect(result).toBeInstanceOf(RealtimeError)
    expect(result.kind).toBe('protocol')
  })
})

describe('lookUpFetch', () => {
  it('prefers the given implementation, then the global at call time', () => {
    const custom = vi.fn() as unknown as typeof fetch
    const global = vi.fn() as unknown as typeof fetch
    vi.stubGlobal('fetch', global)
    expect(lookUpFetch(custom)).toBe(custom)
    expect(lookUpFetch(undefined)).toBe(global)
    vi.stubGlobal('fetch', undefined)
    expect(thrownBy(() => lookUpFetch(undefined))).toBeInstanceOf(RealtimeError)
  })
})

describe('readBoundedText', () => {
  it('keeps a U+FEFF that begins a later chunk of the body (only a leading BOM is dropped)', async () => {
    const encoder = new TextEncoder()
    const chunks = ['\uFEFF["a",', '\uFEFF"b"]'].map((text) => encoder.encode(text))
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift()
        if (chunk === undefined) controller.close()
        else controller.enqueue(chunk)
      },
    })
    expect(await readBoundedText(new Response(body), 1024, 'The body')).toBe('["a",\uFEFF"b"]')
  })
})

describe('checkNumberOption', () => {
  it('accepts undefined, numbers at or above the minimum and Infinity', () => {
    expect(() => checkNumberOption('x', undefined, 0)).not.toThrow()
    expect(() => checkNumberOption('x', 0, 0)).not.toThrow()
    expect(() => checkNumberOption('x', Infinity, 1)).not.toThrow()
  })

  it.each([-1, Number.NaN, '5' as unknown as number])('rejects %j', (value) => {
    const error = thrownBy(() => checkNumberOption('timeoutMs', value, 0))
    expect(error.kind).toBe('protocol')
    expect(error.message).toMatch(/timeoutMs/)
  })
})

describe('startTimer', () => {
  const fakeClock = () => {
    const set = vi.fn((_callback: () => void, _ms: number) => 'handle' as unknown)
    const clear = vi.fn()
    const clock: Clock = { now: () => 0, setTimeout: set, clearTimeout: clear }
    return { clock, set, clear }
  }

  it('sets a timer through the clock and clears it', () => {
    const { clock, set, clear } = fakeClock()
    const stop = startTimer(clock, 250, () => undefined)
    expect(set).toHaveBeenCalledWith(expect.any(Function), 250)
    stop()
    expect(clear).toHaveBeenCalledWith('handle')
  })

  it('sets no timer for Infinity', () => {
    const { clock, set } = fakeClock()
    startTimer(clock, Infinity, () => undefined)()
    expect(set).not.toHaveBeenCalled()
  })
})
