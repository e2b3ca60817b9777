/**
 * Bench part b: 10,000 WebSocket messages rendered into a list in real
 * Chromium, through our useWebSocket, react-use-websocket, react-realtime-hooks
 * and a raw WebSocket in an effect. Page: bench/browser/page/list.tsx.
 */
import { waitForReport } from './lib/browser'
import type { BrowserBench } from './lib/browser'
import { CONTENDERS, LABELS, REFERENCES } from './lib/implementations'
import type { Implementation } from './lib/implementations'
import { describeLoad, loadAverage } from './lib/machine'
import type { BenchResult, Table } from './lib/result'
import { rotated, yes } from './lib/table'
import { fmt, median, round } from './lib/stats'

const TOTAL = 10_000
const RUNS = 5
/** The references run as often as the contenders: react-realtime-hooks via onMessage is the like-for-like comparison. */
const REFERENCE_RUNS = RUNS
/** One run is abandoned after this long; an implementation that hits it is not run again. */
const RUN_CAP_MS = 20_000
const CAP_MARGIN_MS = 1000
const IMPLEMENTATIONS: readonly Implementation[] = [...CONTENDERS, ...REFERENCES]

interface ListRun {
  /** 'complete', 'idle' (nothing more arrived: the rest was lost) or 'cap' (abandoned at RUN_CAP_MS). */
  reason: string
  totalMs: number
  commits: number
  renderMs: number
  items: number
  /** Messages dispatched to the page (WebSocket message events). */
  delivered: number
  lost: number
  sockets: number
  pageErrors: number
  firstPageErrors: string[]
}

async function runOnce(bench: BrowserBench, impl: Implementation): Promise<ListRun> {
  const page = await bench.newPage()
  try {
    const ws = `${bench.server.url.replace(/^http/, 'ws')}/flood?n=${TOTAL}`
    const query = new URLSearchParams({ part: 'list', impl, ws, total: String(TOTAL) })
    await page.goto(`${bench.server.url}/?${query}`)
    // goto resolves once the page's script has run; its socket opens and the first message
    // arrives after that. (Waiting for the first message from here is not possible: a page
    // flooded with message tasks does not run Playwright's polling.)
    const startedAt = performance.now()
    // Raced against a Node timer: Playwright's own timeout can fire late when the page is flooded.
    let timer: ReturnType<typeof setTimeout> | undefined
    const cap = new Promise<'cap'>((resolve) => {
      timer = setTimeout(() => resolve('cap'), RUN_CAP_MS)
    })
    const report = waitForReport(page, RUN_CAP_MS + 60_000)
    report.catch(() => undefined)
    const outcome = await Promise.race([report, cap]).finally(() => clearTimeout(timer))
    if (outcome !== 'cap') return outcome as unknown as ListRun
    const elapsed = performance.now() - startedAt
    // Still busy: read what the DOM holds if the page answers soon, then give up on it.
    const items = await Promise.race([
      page.evaluate(() => document.getElementById('list')?.childElementCount ?? 0),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3000)),
    ]).catch(() => undefined)
    return {
      reason: 'cap',
      // A lower bound: less the time from page load to the first message, well under CAP_MARGIN_MS.
      totalMs: elapsed - CAP_MARGIN_MS,
      commits: NaN,
      renderMs: NaN,
      items: items ?? NaN,
      delivered: NaN,
      lost: NaN,
      sockets: NaN,
      pageErrors: NaN,
      firstPageErrors: [],
    }
  } finally {
    await page.context().close()
  }
}

interface Summary {
  /** Median; for a capped run, the cap (the real time is longer). */
  totalMs: number
  commits: number
  renderMs: number
  lost: number
  /** Runs that ended because nothing more arrived, or at the cap. */
  incomplete: number
  capped: boolean
  runs: ListRun[]
}

export async function runBrowserThroughput(
  log: (line: string) => void,
  bench: BrowserBench,
): Promise<BenchResult> {
  const loadBefore = loadAverage()
  const runs = Object.fromEntries(IMPLEMENTATIONS.map((impl) => [impl, [] as ListRun[]])) as Record<Implementation, ListRun[]>
  for (let round = 0; round < RUNS; round++) {
    const order = rotated(IMPLEMENTATIONS, round)
    for (const impl of order) {
      if (runs[impl].some((run) => run.reason === 'cap')) continue
      if ((REFERENCES as readonly string[]).includes(impl) && runs[impl].length >= REFERENCE_RUNS) continue
      log(`  browser-throughput: round ${round + 1}/${RUNS}, ${impl}…`)
      const run = await runOnce(bench, impl)
      runs[impl].push(run)
      log(`    ${run.reason}: ${fmt(run.totalMs)} ms, ${fmt(run.items)} items, ${fmt(run.commits)} commits`)
    }
  }

  const summary = Object.fromEntries(
    IMPLEMENTATIONS.map((impl) => {
      const list = runs[impl]
      const s: Summary = {
        totalMs: median(list.map((r) => r.totalMs)),
        commits: median(list.map((r) => r.commits)),
        renderMs: median(list.map((r) => r.renderMs)),
        lost: median(list.map((r) => r.lost)),
        incomplete: list.filter((r) => r.reason !== 'complete').length,
        capped: list.some((r) => r.reason === 'cap'),
        runs: list,
      }
      return [impl, s]
    }),
  ) as Record<Implementation, Summary>

  const ours = summary.ours
  const ratio = (impl: Implementation): number => summary[impl].totalMs / ours.totalMs
  const table: Table = {
    title: `b. ${fmt(TOTAL)} WebSocket messages into a list, Chromium ${bench.chromiumVersion} (median of ${RUNS} runs, references ${REFERENCE_RUNS}; each run in a fresh page)`,
    columns: ['implementation', 'runs', 'total ms', 'time vs ours', 'items in DOM', 'lost', 'React commits', 'render ms', 'page errors'],
    rows: IMPLEMENTATIONS.map((impl) => {
      const s = summary[impl]
      return [
        LABELS[impl],
        String(s.runs.length),
        s.capped ? `> ${fmt(s.totalMs)} (abandoned)` : fmt(s.totalMs),
        impl === 'ours' ? '1.00×' : `${s.capped ? '> ' : ''}${fmt(ratio(impl), 2)}×`,
        fmt(median(s.runs.map((r) => r.items))),
        s.capped ? '?' : fmt(s.lost),
        fmt(s.commits),
        fmt(s.renderMs),
        fmt(median(s.runs.map((r) => r.pageErrors))),
      ]
    }),
  }

  const targets: Table = {
    title: 'b. Targets',
    columns: ['target', 'measured', 'met'],
    rows: [
      [
        '≥ 3× faster than react-use-websocket',
        `${summary['react-use-websocket'].capped ? '> ' : ''}${fmt(ratio('react-use-websocket'), 2)}×`,
        yes(ratio('react-use-websocket') >= 3),
      ],
      ['within 1.1× of the raw socket', `${fmt(1 / ratio('raw'), 2)}× raw's time`, yes(ours.totalMs <= summary.raw.totalMs * 1.1)],
      [
        'no slower than react-realtime-hooks (lastMessage)',
        `ours ${fmt(ours.totalMs)} ms for ${fmt(TOTAL - ours.lost)} items; it ${fmt(summary['react-realtime-hooks'].totalMs)} ms for ${fmt(TOTAL - summary['react-realtime-hooks'].lost)}`,
        yes(ours.totalMs <= summary['react-realtime-hooks'].totalMs),
      ],
      [
        'no slower than react-realtime-hooks (onMessage, keeps all)',
        `ours takes ${fmt(1 / ratio('react-realtime-hooks-onmessage'), 2)}× its time`,
        yes(ours.totalMs <= summary['react-realtime-hooks-onmessage'].totalMs),
      ],
      ['zero lost', `${fmt(Math.max(...ours.runs.map((r) => r.lost)))} lost (worst run)`, yes(ours.runs.every((r) => r.lost === 0))],
    ],
  }

  return {
    name: 'browserThroughput',
    tables: [table, targets],
    data: {
      chromium: bench.chromiumVersion,
      messages: TOTAL,
      runsPerImplementation: RUNS,
      loadBefore,
      loadAfter: loadAverage(),
      perImplementation: Object.fromEntries(
        IMPLEMENTATIONS.map((impl) => {
          const s = summary[impl]
          return [
            impl,
            {
              medianTotalMs: round(s.totalMs, 1),
              medianCommits: s.commits,
              medianRenderMs: round(s.renderMs, 1),
              medianLost: s.lost,
              capped: s.capped,
              runs: s.runs.map((r) => ({ ...r, totalMs: round(r.totalMs, 1), renderMs: round(r.renderMs, 1) })),
            },
          ]
        }),
      ),
    },
    notes: [
      `A run still going ${RUN_CAP_MS / 1000} s after page load is abandoned (its page closed) and that implementation is not run again; its time is shown as a lower bound (less ${CAP_MARGIN_MS / 1000} s for page load to first message).`,
      'total ms = from the first message reaching the page (a listener added to every WebSocket at construction) to the commit after which the DOM held the last item; for an implementation that loses messages, to its last commit that added items.',
      'React commits = <Profiler onRender> calls after the first message (react-dom/profiling build); render ms = the sum of their actualDuration.',
      'ours: useWebSocket(url, { history: 10000, parse }) rendering `messages`. react-use-websocket and react-realtime-hooks: an effect on `lastMessage` appending to state (react-use-websocket README pattern). raw: `setItems(prev => [...prev, item])` in onmessage. Every list renders the same <li key={seq}> markup, without memo.',
      'Both libraries also offer an onMessage callback; with a functional setState there they keep every message. The lastMessage pattern is measured because it is the one their READMEs show; the "ref: react-realtime-hooks (onMessage)" row is that library used the lossless way. (react-use-websocket renders each message in flushSync even then, so it is not repeated.)',
      'ref: receive all, render once = collect every message outside React, one setState at the end: the floor set by the browser receiving and parsing 10,000 frames on this machine.',
      `Measured at ${describeLoad()} (before: ${loadBefore.join(' / ')}).`,
    ],
  }
}
