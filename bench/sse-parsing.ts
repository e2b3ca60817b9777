/**
 * Bench part f: our SSE parsing against eventsource-parser 3 on the same stream,
 * in the same run, rounds interleaved (the machine is shared, so one side must
 * not get the quiet minute and the other the busy one).
 *
 * - parser alone: both fed the same decoded text chunks; ours with
 *   `maxEventBytes` on (as the transport always runs it);
 * - end to end: ours through `/core` (`Connection` + `createEventSourceTransport`,
 *   a fake `fetch` whose body streams the chunks, counting `message` events)
 *   against eventsource-parser fed from a plain reader loop with `TextDecoder`,
 *   reading the same kind of body. `TextDecoder` alone is the floor of both.
 *
 * No network: every byte comes from memory.
 */
import { createParser } from 'eventsource-parser'
import { systemClock } from '../src/core/clock'
import { Connection } from '../src/core/connection'
import { createSseParser } from '../src/core/sse-parser'
import { createEventSourceTransport } from '../src/core/transports/event-source'
import { describeLoad } from './lib/machine'
import type { BenchResult, Table } from './lib/result'
import { fmt, median, round } from './lib/stats'

const EVENT_COUNT = 200_000
const CHUNK_BYTES = 16 * 1024
const ROUNDS = 7
/** As the transport's default: the bound is on, as it always is in `/core`. */
const MAX_EVENT_BYTES = 1024 * 1024
/** Bound on one end-to-end run, far above what it takes. */
const RUN_TIMEOUT_MS = 60_000

/** Events shaped like a typical feed: an id and one JSON data line, ~85 bytes each. */
function buildStream(): string {
  const parts: string[] = []
  for (let seq = 0; seq < EVENT_COUNT; seq++) {
    parts.push(`id: ${seq}\ndata: {"seq":${seq},"price":${(seq % 9973) / 100},"symbol":"ACME","side":"buy","qty":100}\n\n`)
  }
  return parts.join('')
}

function split(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) chunks.push(bytes.subarray(start, start + CHUNK_BYTES))
  return chunks
}

/** Decoded exactly as a reader loop would see them (a character may straddle two chunks). */
function decodeAll(chunks: readonly Uint8Array[]): string[] {
  const decoder = new TextDecoder()
  return chunks.map((chunk) => decoder.decode(chunk, { stream: true }))
}

/** A body that hands out the chunks one per pull, like a network stream does. */
function bodyOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next]
      next += 1
      if (chunk === undefined) controller.close()
      else controller.enqueue(chunk)
    },
  })
}

// --- the four contenders; each returns how many events it saw ------------------

function oursParserAlone(texts: readonly string[]): number {
  let count = 0
  const parser = createSseParser({ onEvent: () => void (count += 1) }, { maxEventBytes: MAX_EVENT_BYTES })
  for (const text of texts) parser.feed(text)
  return count
}

function referenceParserAlone(texts: readonly string[]): number {
  let count = 0
  const parser = createParser({ onEvent: () => void (count += 1) })
  for (const text of texts) parser.feed(text)
  return count
}

function oursEndToEnd(chunks: readonly Uint8Array[]): Promise<number> {
  const fakeFetch = (): Promise<Response> =>
    Promise.resolve(new Response(bodyOf(chunks), { headers: { 'Content-Type': 'text/event-stream' } }))
  const connection = new Connection({
    url: 'http://127.0.0.1/bench',
    transport: createEventSourceTransport({ fetch: fakeFetch as typeof fetch, maxEventBytes: MAX_EVENT_BYTES }),
    reconnect: false,
  })
  return new Promise((resolve) => {
    let count = 0
    const finish = (): void => {
      clearTimeout(timer)
      unlisten()
      connection.close()
      resolve(count)
    }
    const timer = setTimeout(finish, RUN_TIMEOUT_MS)
    const unlisten = connection.listen({
      message: () => {
        count += 1
      },
      close: finish,
    })
    connection.start()
  })
}

/** The transport with a sink that only counts: what the transport costs without `Connection`. */
function oursTransportAlone(chunks: readonly Uint8Array[]): Promise<number> {
  const fakeFetch = (): Promise<Response> =>
    Promise.resolve(new Response(bodyOf(chunks), { headers: { 'Content-Type': 'text/event-stream' } }))
  const connect = createEventSourceTransport({ fetch: fakeFetch as typeof fetch, maxEventBytes: MAX_EVENT_BYTES })
  return new Promise((resolve) => {
    let count = 0
    const ignore = (): void => undefined
    const transport = connect({
      url: 'http://127.0.0.1/bench',
      clock: systemClock,
      resumeFrom: undefined,
      sink: {
        open: ignore,
        message: () => void (count += 1),
        error: ignore,
        resumeFrom: ignore,
        retryDelay: ignore,
        close: () => {
          clearTimeout(timer)
          resolve(count)
        },
      },
    })
    const timer = setTimeout(() => {
      transport.close()
      resolve(count)
    }, RUN_TIMEOUT_MS)
  })
}

async function referenceEndToEnd(chunks: readonly Uint8Array[]): Promise<number> {
  let count = 0
  const parser = createParser({ onEvent: () => void (count += 1) })
  const reader = bodyOf(chunks).getReader()
  const decoder = new TextDecoder()
  // Bounded: the body ends after chunks.length reads.
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    parser.feed(decoder.decode(read.value, { stream: true }))
  }
  return count
}

async function decoderAlone(chunks: readonly Uint8Array[]): Promise<number> {
  const reader = bodyOf(chunks).getReader()
  const decoder = new TextDecoder()
  let characters = 0
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    characters += decoder.decode(read.value, { stream: true }).length
  }
  return characters
}

// --- measuring ---------------------------------------------------------------

interface Contender {
  name: string
  /** Events counted, to check that every contender saw the whole stream. */
  run(): number | Promise<number>
  /** false for the decoder floor, which counts characters, not events. */
  countsEvents: boolean
}

interface Samples {
  ms: number[]
  /** Process CPU time (user + system) per run: steadier than wall time when other work shares the cores. */
  cpuMs: number[]
  counts: number[]
}

async function measure(contenders: readonly Contender[]): Promise<Map<string, Samples>> {
  const samples = new Map(contenders.map((contender) => [contender.name, { ms: [], cpuMs: [], counts: [] } as Samples]))
  // One warm-up round per contender, so the JIT has seen both before anything counts.
  for (const contender of contenders) await contender.run()
  for (let round = 0; round < ROUNDS; round++) {
    for (const contender of contenders) {
      const cpuAtStart = process.cpuUsage()
      const start = performance.now()
      const count = await contender.run()
      const ms = performance.now() - start
      const cpu = process.cpuUsage(cpuAtStart)
      const entry = samples.get(contender.name)
      entry?.ms.push(ms)
      entry?.cpuMs.push((cpu.user + cpu.system) / 1000)
      entry?.counts.push(count)
    }
  }
  return samples
}

const megabytesPerSecond = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000)

function tableOf(title: string, contenders: readonly Contender[], samples: Map<string, Samples>, bytes: number): Table {
  return {
    title,
    columns: ['', 'MB/s', 'events/s', 'MB/s by CPU time', 'ms (min–median–max)', 'events seen'],
    rows: contenders.map((contender) => {
      const { ms = [], cpuMs = [], counts = [] } = samples.get(contender.name) ?? {}
      const medianMs = median(ms)
      return [
        contender.name,
        fmt(megabytesPerSecond(bytes, medianMs), 0),
        contender.countsEvents ? fmt(EVENT_COUNT / (medianMs / 1000), 0) : '—',
        fmt(megabytesPerSecond(bytes, median(cpuMs)), 0),
        `${fmt(Math.min(...ms), 1)}–${fmt(medianMs, 1)}–${fmt(Math.max(...ms), 1)}`,
        contender.countsEvents ? fmt(Math.min(...counts)) : '—',
      ]
    }),
  }
}

function dataOf(samples: Map<string, Samples>, bytes: number): Record<string, unknown> {
  return Object.fromEntries(
    [...samples].map(([name, { ms, cpuMs }]) => [
      name,
      {
        mbPerSecond: round(megabytesPerSecond(bytes, median(ms)), 1),
        eventsPerSecond: Math.round(EVENT_COUNT / (median(ms) / 1000)),
        mbPerCpuSecond: round(megabytesPerSecond(bytes, median(cpuMs)), 1),
        ms: ms.map((value) => round(value, 1)),
        cpuMs: cpuMs.map((value) => round(value, 1)),
      },
    ]),
  )
}

export async function runSseParsing(log: (line: string) => void): Promise<BenchResult> {
  const bytes = new TextEncoder().encode(buildStream())
  const chunks = split(bytes)
  const texts = decodeAll(chunks)
  log(`${fmt(EVENT_COUNT)} events, ${fmt(bytes.length / 1e6, 1)} MB in ${chunks.length} chunks of ${CHUNK_BYTES / 1024} KiB; ${ROUNDS} rounds, interleaved`)

  const parserAlone: Contender[] = [
    { name: 'ours (maxEventBytes 1 MiB)', run: () => oursParserAlone(texts), countsEvents: true },
    { name: 'eventsource-parser 3', run: () => referenceParserAlone(texts), countsEvents: true },
  ]
  const endToEnd: Contender[] = [
    { name: 'ours: Connection + createEventSourceTransport', run: () => oursEndToEnd(chunks), countsEvents: true },
    { name: 'eventsource-parser 3 from a reader loop', run: () => referenceEndToEnd(chunks), countsEvents: true },
    { name: 'ours: createEventSourceTransport, a bare sink', run: () => oursTransportAlone(chunks), countsEvents: true },
    { name: 'TextDecoder alone (the floor)', run: () => decoderAlone(chunks), countsEvents: false },
  ]
  const parserSamples = await measure(parserAlone)
  log(`parser alone done; ${describeLoad()}`)
  const endToEndSamples = await measure(endToEnd)
  log(`end to end done; ${describeLoad()}`)

  return {
    name: 'sseParsing',
    tables: [
      tableOf('SSE parser alone, fed decoded text', parserAlone, parserSamples, bytes.length),
      tableOf('SSE end to end, from a streamed body to counted message events', endToEnd, endToEndSamples, bytes.length),
    ],
    data: {
      events: EVENT_COUNT,
      bytes: bytes.length,
      chunkBytes: CHUNK_BYTES,
      rounds: ROUNDS,
      parserAlone: dataOf(parserSamples, bytes.length),
      endToEnd: dataOf(endToEndSamples, bytes.length),
    },
    notes: [
      'MB is 10^6 bytes of the UTF-8 stream; medians of the rounds, contenders interleaved in each round after one warm-up each.',
      'MB/s and events/s are by wall time; "by CPU time" divides by the process CPU time of the run (GC threads included), which other work on the machine disturbs less.',
      'Run under tsx, which names every closure it creates (keepNames): code that makes a closure per event pays for it here more than in the built package.',
      'eventsource-parser 3 has no bound on event size and does not report id-only blocks; ours runs with maxEventBytes on.',
      'The bare-sink row is not a contender: it splits our end-to-end time between the transport and Connection.',
      'Events seen is the smallest count over the rounds: it must equal the event count, or a contender missed some.',
    ],
  }
}
