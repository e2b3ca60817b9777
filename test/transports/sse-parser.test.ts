import { describe, expect, it } from 'vitest'
import { createSseParser, utf8ByteLength } from '../../src/core/sse-parser'
import type { SseParser, SseParserOptions } from '../../src/core/sse-parser'

/** Everything a parser reported, in order, as plain values that compare well. */
type Report =
  | { event: { type: string; data: string; id: string } }
  | { lastEventId: string }
  | { retry: number }
  | { oversized: number }

function recordingParser(options: Omit<SseParserOptions, 'onOversized'> = {}): {
  parser: SseParser
  reports: Report[]
} {
  const reports: Report[] = []
  const parser = createSseParser(
    {
      onEvent: (event) => reports.push({ event: { ...event } }),
      onLastEventId: (id) => reports.push({ lastEventId: id }),
      onRetry: (ms) => reports.push({ retry: ms }),
    },
    { ...options, onOversized: (bytes) => reports.push({ oversized: bytes }) },
  )
  return { parser, reports }
}

function parse(chunks: readonly string[], options: Omit<SseParserOptions, 'onOversized'> = {}): Report[] {
  const { parser, reports } = recordingParser(options)
  for (const chunk of chunks) parser.feed(chunk)
  return reports
}

/** Only the events, for vectors that are about data. */
function events(reports: readonly Report[]): { type: string; data: string; id: string }[] {
  return reports.flatMap((report) => ('event' in report ? [report.event] : []))
}

const message = (data: string, id = '', type = 'message'): { type: string; data: string; id: string } => ({
  type,
  data,
  id,
})

const longComment = 'x'.repeat(2048)

interface Vector {
  name: string
  stream: string
  expected: Report[]
  options?: Omit<SseParserOptions, 'onOversized'>
}

// Ported from web-platform-tests/wpt eventsource/format-*.htm and event-data.html
// (the stream each test's server sends, and what its assertions require), plus
// cases for the rest of the "event stream interpretation" rules.
const vectors: Vector[] = [
  {
    name: 'wpt format-bom: one leading BOM is stripped, a later one is part of the field name',
    stream: '\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3\n\n',
    expected: [{ event: message('1') }, { event: message('3') }],
  },
  {
    name: 'wpt format-bom-2: only one BOM is stripped',
    stream: '\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3\n\n',
    expected: [{ event: message('2') }, { event: message('3') }],
  },
  {
    name: 'wpt format-comments: comments between data lines, with every line end',
    stream: `data:1\r:\0\n:\r\ndata:2\n:${longComment}\rdata:3\n:data:fail\r:${longComment}\ndata:4\n\n`,
    expected: [{ event: message('1\n2\n3\n4') }],
  },
  {
    name: 'wpt format-data-before-final-empty-line: an unfinished event (and its id) is discarded',
    stream: 'retry:1000\ndata:test1\n\nid:test\ndata:test2',
    expected: [{ retry: 1000 }, { event: message('test1') }],
  },
  {
    name: 'wpt format-field-data: empty data, a field with no colon, data with no blank line before it',
    stream: 'data:\n\ndata\ndata\n\ndata:test\n\n',
    expected: [{ event: message('') }, { event: message('\n') }, { event: message('test') }],
  },
  {
    name: 'wpt format-field-event-empty: an empty event type means message',
    stream: 'event: \ndata:data\n\n',
    expected: [{ event: message('data') }],
  },
  {
    name: 'wpt format-field-event: a named event, and the type does not carry over',
    stream: 'event:test\ndata:x\n\ndata:x\n\n',
    expected: [{ event: message('x', '', 'test') }, { event: message('x') }],
  },
  {
    name: 'wpt format-field-id-2: a non-ASCII id, and retry',
    stream: 'id: …\nretry: 200\ndata: hello\n\n',
    expected: [{ retry: 200 }, { lastEventId: '…' }, { event: message('hello', '…') }],
  },
  {
    // The WPT file predates the spec change that ignores ids containing NUL.
    name: 'format-field-id-null (current spec): an id containing NUL is ignored',
    stream: 'id: \0\0\ndata: hello\n\nid: a\0b\ndata: again\n\n',
    expected: [{ event: message('hello') }, { event: message('again') }],
  },
  {
    name: 'wpt format-field-id-3 persists: the last event ID carries over to later events',
    stream: 'id: 1\ndata: 1\n\ndata:2\n\n',
    expected: [{ lastEventId: '1' }, { event: message('1', '1') }, { event: message('2', '1') }],
  },
  {
    name: 'wpt format-field-id-3 changes and persists',
    stream: 'id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n',
    expected: [
      { lastEventId: '1' },
      { event: message('1', '1') },
      { lastEventId: '2' },
      { event: message('2', '2') },
      { event: message('3', '2') },
    ],
  },
  {
    name: 'wpt format-field-id-3 resets: an empty id sets the last event ID to the empty string',
    stream: 'id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n',
    expected: [
      { lastEventId: '1' },
      { event: message('1', '1') },
      { lastEventId: '' },
      { event: message('2') },
      { event: message('3') },
    ],
  },
  {
    name: 'wpt format-field-retry: digits are base ten, leading zeros included',
    stream: 'retry:02000\ndata:x\n\n',
    expected: [{ retry: 2000 }, { event: message('x') }],
  },
  {
    name: 'wpt format-field-retry-bogus: a retry with a non-digit is ignored',
    stream: 'retry:2000\nretry:1000x\ndata:x\n\n',
    expected: [{ retry: 2000 }, { event: message('x') }],
  },
  {
    name: 'wpt format-null-character: NUL in data is kept',
    stream: 'data:\0\n\n',
    expected: [{ event: message('\0') }],
  },
  {
    name: 'wpt event-data: fields are case-sensitive, unknown fields and comment-only blocks dispatch nothing',
    stream: 'data:msg\ndata: msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n',
    expected: [{ event: message('msg\nmsg') }, { event: message('') }, { event: message('end') }],
  },
  {
    name: 'CR, LF and CRLF line ends, mixed',
    stream: 'data:a\rdata:b\ndata:c\r\n\rdata:d\r\n\r\ndata:e\n\n',
    expected: [{ event: message('a\nb\nc') }, { event: message('d') }, { event: message('e') }],
  },
  {
    name: 'only one leading space is removed; colons in the value are kept',
    stream: 'data:  two spaces\ndata: a:b: c\ndata:no space\n\n',
    expected: [{ event: message(' two spaces\na:b: c\nno space') }],
  },
  {
    name: 'a field name with no colon gets an empty value (event resets to message)',
    stream: 'event: custom\nevent\ndata: x\n\n',
    expected: [{ event: message('x') }],
  },
  {
    name: 'an id-only block updates the last event ID without an event',
    stream: 'id: 7\n\ndata: after\n\n',
    expected: [{ lastEventId: '7' }, { event: message('after', '7') }],
  },
  {
    name: 'an id field with no colon resets the last event ID',
    stream: 'id: 7\n\nid\n\ndata: x\n\n',
    expected: [{ lastEventId: '7' }, { lastEventId: '' }, { event: message('x') }],
  },
  {
    name: 'an id is reported at the blank line, before its event, even when it comes after the data',
    stream: 'data: x\nid: 9\n\n',
    expected: [{ lastEventId: '9' }, { event: message('x', '9') }],
  },
  {
    name: 'a repeated id that does not change is not reported again',
    stream: 'id: 1\ndata: a\n\nid: 1\ndata: b\n\n',
    expected: [{ lastEventId: '1' }, { event: message('a', '1') }, { event: message('b', '1') }],
  },
  {
    name: 'retry values that are not only ASCII digits are ignored',
    stream: 'retry: 1e3\nretry: -1\nretry: 1.5\nretry:\nretry: 10 \nretry:１２\nretry\nretry: 750\n\n',
    expected: [{ retry: 750 }],
  },
  {
    name: 'an unfinished retry line is not applied',
    stream: 'data: x\nretry: 300',
    expected: [],
  },
  {
    name: 'retry applies once its line is complete, even in an event that never ends',
    stream: 'data: x\nretry: 300\n',
    expected: [{ retry: 300 }],
  },
  {
    name: 'an event type set in a block without data does not carry over',
    stream: 'event: foo\n\ndata: x\n\n',
    expected: [{ event: message('x') }],
  },
  {
    name: 'unknown event types are dispatched with their type',
    stream: 'event: weird-Type.1\ndata: y\n\n',
    expected: [{ event: message('y', '', 'weird-Type.1') }],
  },
  {
    name: 'unknown fields are ignored',
    stream: 'foo: bar\ndata: x\nbaz\n\n',
    expected: [{ event: message('x') }],
  },
  {
    name: 'a block of blank lines dispatches nothing',
    stream: '\n\n\r\n\r\r',
    expected: [],
  },
  {
    name: 'an unfinished event at the end of the stream is discarded (no blank line)',
    stream: 'data: complete\n\ndata: never finished\n',
    expected: [{ event: message('complete') }],
  },
  {
    name: 'the last event ID given at the start is used and only changes are reported',
    stream: 'data: a\n\nid:\n\ndata: b\n\n',
    options: { initialLastEventId: '41' },
    expected: [{ event: message('a', '41') }, { lastEventId: '' }, { event: message('b') }],
  },
  {
    name: 'non-BMP characters pass through',
    stream: 'data: 😀 ok\n\n',
    expected: [{ event: message('😀 ok') }],
  },
]

/** Every way of cutting a stream into two pieces, plus one character at a time. */
function chunkings(stream: string): string[][] {
  const result: string[][] = [[stream], [...stream]]
  for (let cut = 1; cut < stream.length; cut++) result.push([stream.slice(0, cut), stream.slice(cut)])
  return result
}

describe('createSseParser: WPT-style vectors', () => {
  it.each(vectors)('$name', ({ stream, expected, options }) => {
    expect(parse([stream], options)).toEqual(expected)
  })

  it.each(vectors)('gives the same result however the text is chunked: $name', ({ stream, expected, options }) => {
    // Long streams: cut at every position of a bounded prefix is enough and keeps this fast.
    for (const chunks of chunkings(stream.length > 200 ? stream.slice(0, 200) : stream)) {
      const whole = parse([chunks.join('')], options)
      expect(parse(chunks, options)).toEqual(whole)
    }
    expect(parse([...stream], options)).toEqual(expected)
  })
})

describe('createSseParser: line ends across chunks', () => {
  it('treats a CR at the end of a chunk and an LF at the start of the next as one line end', () => {
    expect(events(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']))).toEqual([message('a\nb')])
  })

  it('pairs a CR with an LF that follows after empty chunks', () => {
    expect(events(parse(['data: a\r', '', '\n', '\r', '', '\n']))).toEqual([message('a')])
  })

  it('treats a CR at the end of a chunk followed by other text as a line end of its own', () => {
    expect(events(parse(['data: a\r', 'data: b\r', '\r']))).toEqual([message('a\nb')])
  })

  it('strips a BOM that arrives alone in the first chunk, and only there', () => {
    expect(events(parse(['\uFEFF', 'data: x\n\n']))).toEqual([message('x')])
    expect(events(parse(['', '\uFEFF', '\uFEFFdata: x\n\ndata: y\n\n']))).toEqual([message('y')])
  })
})

describe('createSseParser: state', () => {
  it('commits a new last event ID only when its block ends, across feeds', () => {
    const { parser, reports } = recordingParser({ initialLastEventId: 'start' })
    parser.feed('data: a\n\nid: next\n')
    expect(reports).toEqual([{ event: message('a', 'start') }])
    parser.feed('\n')
    expect(reports.slice(1)).toEqual([{ lastEventId: 'next' }])
  })

  it('keeps parsing when a handler feeds another parser from inside a callback', () => {
    const inner = recordingParser()
    const outerEvents: string[] = []
    const outer = createSseParser({
      onEvent: (event) => {
        outerEvents.push(event.data)
        inner.parser.feed('data: inner\n\n')
      },
    })
    outer.feed('data: 1\n\ndata: 2\n\n')
    expect(outerEvents).toEqual(['1', '2'])
    expect(events(inner.reports)).toEqual([message('inner'), message('inner')])
  })
})

describe('createSseParser: maxEventBytes', () => {
  it('delivers an event of exactly maxEventBytes and skips one byte more', () => {
    const reports = parse(['data: 1234567890\n\ndata: 12345678901\n\ndata: next\n\n'], { maxEventBytes: 10 })
    expect(reports).toEqual([{ event: message('1234567890') }, { oversized: 11 }, { event: message('next') }])
  })

  it('counts the line breaks between data lines', () => {
    // "12345\n1234" is 10 bytes; "12345\n12345" is 11.
    expect(parse(['data: 12345\ndata: 1234\n\n'], { maxEventBytes: 10 })).toEqual([{ event: message('12345\n1234') }])
    expect(parse(['data: 12345\ndata: 12345\n\n'], { maxEventBytes: 10 })).toEqual([{ oversized: 11 }])
  })

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    // 'é' is 2 bytes, '€' 3, '😀' 4.
    expect(parse(['data: éé€\n\n'], { maxEventBytes: 7 })).toEqual([{ event: message('éé€') }])
    expect(parse(['data: éé€\n\n'], { maxEventBytes: 6 })).toEqual([{ oversized: 7 }])
    expect(parse(['data: 😀\n\n'], { maxEventBytes: 3 })).toEqual([{ oversized: 4 }])
  })

  it('counts exactly once an event may be near the bound, including the lines before that', () => {
    // 9 ASCII bytes stay far from 30 even at 3 bytes a unit; the '€' lines bring the
    // event near it: 9 + 1 + 6 = 16, then 16 + 1 + 12 = 29 (fits) or 16 + 1 + 15 = 32.
    const lines = 'data: aaaaaaaaa\ndata: €€\n'
    expect(parse([`${lines}data: €€€€\n\n`], { maxEventBytes: 30 })).toEqual([
      { event: message('aaaaaaaaa\n€€\n€€€€') },
    ])
    expect(parse([`${lines}data: €€€€€\n\ndata: next\n\n`], { maxEventBytes: 30 })).toEqual([
      { oversized: 32 },
      { event: message('next') },
    ])
  })

  it('reports an oversized event once, commits its id, and goes on with the next event', () => {
    const reports = parse(['id: big\ndata: 123456\ndata: 7890\ndata: more\n\ndata: ok\n\n'], { maxEventBytes: 8 })
    expect(reports).toEqual([{ oversized: 11 }, { lastEventId: 'big' }, { event: message('ok', 'big') }])
  })

  it('notices a line that is too long while it is still arriving (memory stays bounded)', () => {
    const { parser, reports } = recordingParser({ maxEventBytes: 100 })
    parser.feed('data: ')
    // Far more text than the bound, in pieces, with no line end: the parser must
    // give up on it before it ends, or it would have to hold all of it.
    for (let i = 0; i < 1000; i++) parser.feed('x'.repeat(50))
    expect(reports).toHaveLength(1)
    expect(reports[0]).toEqual({ oversized: expect.any(Number) as number })
    parser.feed('still the same line\n\ndata: fine\n\n')
    expect(reports.slice(1)).toEqual([{ event: message('fine') }])
  })

  it('drops an overlong comment or unknown field line without reporting the next event as oversized', () => {
    const { parser, reports } = recordingParser({ maxEventBytes: 16 })
    parser.feed(':' + 'c'.repeat(40))
    parser.feed('c'.repeat(40) + '\nunknown-field-with-a-long-name: value\n')
    parser.feed('x'.repeat(30))
    parser.feed('\ndata: fits\n\n')
    expect(reports).toEqual([{ event: message('fits') }])
  })

  it('treats an overlong id or event type as an oversized event', () => {
    expect(parse([`id: ${'i'.repeat(20)}\ndata: a\n\ndata: b\n\n`], { maxEventBytes: 10 })).toEqual([
      { oversized: 20 },
      { event: message('b') },
    ])
    expect(parse([`event: ${'e'.repeat(20)}\ndata: a\n\ndata: b\n\n`], { maxEventBytes: 10 })).toEqual([
      { oversized: 20 },
      { event: message('b') },
    ])
  })

  it('gives the same outcome however an oversized stream is chunked', () => {
    const stream = `data: 12345\ndata: 1234567\n\n:${'c'.repeat(20)}\nid: ${'i'.repeat(13)}\n\nretry: 123456789012\ndata: ok\r\n\r\n`
    const whole = parse([stream], { maxEventBytes: 10 })
    expect(whole).toEqual([{ oversized: 13 }, { oversized: 13 }, { event: message('ok') }])
    for (const chunks of chunkings(stream)) expect(parse(chunks, { maxEventBytes: 10 })).toEqual(whole)
  })
})

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['a\0é€😀', 11],
  ])('%j is %i bytes, as TextEncoder says', (text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes)
    expect(new TextEncoder().encode(text).length).toBe(bytes)
  })
})
