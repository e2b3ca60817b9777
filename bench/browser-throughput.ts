/**
 * Bench part b: 10,000 WebSocket messages rendered into a list in real
 * Chromium, through our useWebSocket, react-use-websocket, react-realtime-hooks
 * and a raw WebSocket in an effect. Page: bench/browser/page/list.tsx.
 */
import { startBrowserBench, waitForReport } from './lib/browser'
import type { BrowserBench } from './lib/browser'
import { describeLoad, loadAverage } from './lib/machine'
import type { BenchResult, Table } from './lib/result'
import { fmt, median, round } from './lib/stats'

export const IMPLEMENTATIONS = ['ours', 'react-use-websocket', 'react-realtime-hooks', 'raw'] as const
export type Implementation = (typeof IMPLEMENTATIONS)[number]
export const IMPLEMENTATION_LABELS: Record<Implementation, string> = {
  ours: 'react-realtime-kit useWebSocket',
  'react-use-websocket': 'react-use-websocket 4.13',
  'react-realtime-hooks': 'react-realtime-hooks 2.0.3',
  raw: 'raw WebSocket + useEffect',
}

const TOTAL = 10_000
const RUNS = 3
/** The page gives up after 60 s on its own; this bounds the wait from Node. */
const RUN_TIMEOUT_MS = 75_000

interface ListRun {
  reason: string
  totalMs: number
  commits: number
  renderMs: number
  items: number
  lost: number
  sockets: number
}

async function runOnce(bench: BrowserBench, impl: Implementation): Promise<ListRun> {
  const page = await bench.newPage()
  try {
    const ws = `${bench.server.url.replace(/^http/, 'ws')}/flood?n=${TOTAL}`
    const query = new URLSearchParams({ part: 'list', impl, ws, total: String(TOTAL) })
    await page.goto(`${bench.server.url}/?${query}`)
    return (await waitForReport(page, RUN_TIMEOUT_MS)) as unknown as ListRun
  } finally {
    await page.context().close()
  }
}

interface Summary {
  totalMs: number
  commits: number
  renderMs: number
  lost: number
  /** Runs that ended because nothing more arrived, or at the page's cap. */
  incomplete: number
  runs: ListRun[]
}

export async function runBrowserThroughput(
  log: (line: string) => void = console.log,
  shared?: BrowserBench,
): Promise<BenchResult> {
  const loadBefore = loadAverage()
  const bench = shared ?? (await startBrowserBench())
  const runs: Record<Implementation, ListRun[]> = { ours: [], 'react-use-websocket': [], 'react-realtime-hooks': [], raw: [] }
  try {
    for (let round = 0; round < RUNS; round++) {
      // A different order each round, so no implementation always runs first (cold) or last.
      const order = IMPLEMENTATIONS.map((_, i) => IMPLEMENTATIONS[(i + round) % IMPLEMENTATIONS.length] as Implementation)
      for (const impl of order) {
        log(`  browser-throughput: round ${round + 1}/${RUNS}, ${impl}…`)
        runs[impl].push(await runOnce(bench, impl))
      }
    }
  } finally {
    if (!shared) await bench.close()
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
        runs: list,
      }
      return [impl, s]
    }),
  ) as Record<Implementation, Summary>

  const ours = summary.ours
  const ratio = (impl: Implementation): number => summary[impl].totalMs / ours.totalMs
  const table: Table = {
    title: `b. ${fmt(TOTAL)} WebSocket messages into a list, Chromium ${bench.chromiumVersion} (median of ${RUNS} runs, each in a fresh page)`,
    columns: ['implementation', 'total ms', 'vs ours', 'React commits', 'render ms', 'lost', 'sockets'],
    rows: IMPLEMENTATIONS.map((impl) => {
      const s = summary[impl]
      return [
        IMPLEMENTATION_LABELS[impl],
        fmt(s.totalMs, 1) + (s.incomplete > 0 ? ` (${s.incomplete} run(s) incomplete)` : ''),
        impl === 'ours' ? '1.00×' : `${fmt(ratio(impl), 2)}×`,
        fmt(s.commits),
        fmt(s.renderMs, 1),
        fmt(s.lost),
        fmt(median(s.runs.map((r) => r.sockets))),
      ]
    }),
  }

  const targets: Table = {
    title: 'b. Targets',
    columns: ['target', 'measured', 'met'],
    rows: [
      ['≥ 3× faster than react-use-websocket', `${fmt(ratio('react-use-websocket'), 2)}×`, yes(ratio('react-use-websocket') >= 3)],
      ['within 1.1× of the raw socket', `${fmt(1 / ratio('raw'), 2)}× raw's time`, yes(ours.totalMs <= summary.raw.totalMs * 1.1)],
      [
        'no slower than react-realtime-hooks',
        `${fmt(ratio('react-realtime-hooks'), 2)}× faster`,
        yes(ours.totalMs <= summary['react-realtime-hooks'].totalMs),
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
              runs: s.runs.map((r) => ({ ...r, totalMs: round(r.totalMs, 1), renderMs: round(r.renderMs, 1) })),
            },
          ]
        }),
      ),
    },
    notes: [
      'total ms = from the first message reaching the page (a listener added to every WebSocket at construction) to the commit after which the DOM held the last item; for an implementation that loses messages, to its last commit that added items.',
      'React commits = <Profiler onRender> calls after the first message (react-dom/profiling build); render ms = the sum of their actualDuration.',
      'ours: useWebSocket(url, { history: 10000, parse }) rendering `messages`. react-use-websocket and react-realtime-hooks: an effect on `lastMessage` appending to state (react-use-websocket README pattern). raw: `setItems(prev => [...prev, item])` in onmessage. Every list renders the same <li key={seq}> markup, without memo.',
      'Both libraries also offer an onMessage callback; with a functional setState there they would keep every message — the lastMessage pattern is measured because it is the one their READMEs show.',
      `Measured at ${describeLoad()} (before: ${loadBefore.join(' / ')}).`,
    ],
  }
}

function yes(met: boolean): string {
  return met ? 'yes' : 'NO'
}
