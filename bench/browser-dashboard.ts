/**
 * Bench part c: a steady 2,000 msg/s for 10 s into a 50-tile dashboard with
 * SVG sparklines, in real Chromium. Dropped frames, long tasks, the latency of
 * clicks made during the load, and lost messages. Page: bench/browser/page/dashboard.tsx.
 */
import type { Page } from 'playwright'
import { waitForReport } from './lib/browser'
import type { BrowserBench } from './lib/browser'
import { CONTENDERS, LABELS } from './lib/implementations'
import type { Implementation } from './lib/implementations'
import { describeLoad, loadAverage } from './lib/machine'
import type { BenchResult, Table } from './lib/result'
import { rotated, yes } from './lib/table'
import { fmt, median, round } from './lib/stats'

const RATE = 2000
const SECONDS = 10
const TILES = 50
const TOTAL = RATE * SECONDS
/** Clicks on #probe this long after the first message. */
const CLICKS_AT_MS = [1500, 3500, 5500, 7500]
const IDLE_MS = 2000
/** Rounds per implementation, each in a fresh page and in a rotated order; the table shows medians. */
const RUNS = 3
/** Long tasks that start this soon after the first message belong to mounting and JIT warm-up. */
const START_UP_MS = 1000
const IMPLEMENTATIONS: readonly Implementation[] = CONTENDERS

interface DashboardRun {
  frames: number
  droppedFrames: number
  missedFrames: number
  worstFrameGapMs: number
  longTasks: number
  longTaskMs: number
  /** [ms after the first message, duration] of each long task. */
  longTaskList: [number, number][]
  clickToFrameMs: number[]
  commits: number
  renderMs: number
  /** Messages dispatched to the page by the end of the run. */
  delivered: number
  /** Messages whose number reached the dashboard state. */
  received: number
  /** Delivered but never in the state. */
  lost: number
  /** Not even delivered by the end: still queued in the browser (the page fell behind). */
  behind: number
  sockets: number
  pageErrors: number
  firstPageErrors: string[]
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function clickDuringLoad(page: Page): Promise<number> {
  const box = await page.locator('#probe').boundingBox()
  if (!box) return 0
  await page.waitForFunction(() => window.__bench?.firstMessageAt !== undefined || window.__bench?.done, undefined, {
    timeout: 20_000,
    polling: 50,
  })
  const startedAt = performance.now()
  let clicked = 0
  for (const at of CLICKS_AT_MS) {
    const wait = startedAt + at - performance.now()
    if (wait > 0) await sleep(wait)
    // Coordinates, not a locator: no actionability checks that would wait on the busy page first.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    clicked += 1
  }
  return clicked
}

async function runOnce(bench: BrowserBench, impl: Implementation): Promise<DashboardRun & { clicksSent: number }> {
  const page = await bench.newPage()
  try {
    const ws = `${bench.server.url.replace(/^http/, 'ws')}/metrics?rate=${RATE}&seconds=${SECONDS}&tiles=${TILES}`
    const query = new URLSearchParams({
      part: 'dashboard',
      impl,
      ws,
      tiles: String(TILES),
      total: String(TOTAL),
      loadMs: String(SECONDS * 1000),
    })
    await page.goto(`${bench.server.url}/?${query}`)
    // A click that cannot be delivered (page closed, say) must not fail the run.
    const clicks = clickDuringLoad(page).catch(() => 0)
    // The page reports after the load plus at most 15 s of settling.
    const report = (await waitForReport(page, SECONDS * 1000 + 40_000)) as unknown as DashboardRun
    return { ...report, clicksSent: await clicks }
  } finally {
    await page.context().close()
  }
}

/** The same browser with nothing to do: how many frames it draws, for scale. */
async function measureIdle(bench: BrowserBench): Promise<{ frames: number; droppedFrames: number; worstFrameGapMs: number }> {
  const page = await bench.newPage()
  try {
    await page.goto(`${bench.server.url}/?part=idle&ms=${IDLE_MS}`)
    return (await waitForReport(page, IDLE_MS + 10_000)) as unknown as { frames: number; droppedFrames: number; worstFrameGapMs: number }
  } finally {
    await page.context().close()
  }
}

export async function runBrowserDashboard(
  log: (line: string) => void,
  bench: BrowserBench,
): Promise<BenchResult> {
  const loadBefore = loadAverage()
  const allRuns = Object.fromEntries(IMPLEMENTATIONS.map((impl) => [impl, [] as Run[]])) as Record<Implementation, Run[]>
  const idle = await measureIdle(bench)
  for (let round = 0; round < RUNS; round++) {
    const order = rotated(IMPLEMENTATIONS, round)
    for (const impl of order) {
      log(`  browser-dashboard: round ${round + 1}/${RUNS}, ${impl}…`)
      const run = await runOnce(bench, impl)
      allRuns[impl].push(run)
      log(`    ${fmt(run.frames)} frames, ${fmt(run.droppedFrames)} dropped, ${fmt(run.longTasks)} long tasks, ${fmt(run.lost)} lost`)
    }
  }

  const runs = Object.fromEntries(IMPLEMENTATIONS.map((impl) => [impl, summarize(allRuns[impl])])) as Record<Implementation, Summary>
  const table: Table = {
    title: `c. ${fmt(RATE)} msg/s for ${SECONDS} s into ${TILES} tiles with SVG sparklines, Chromium ${bench.chromiumVersion} (median of ${RUNS} runs each)`,
    columns: [
      'implementation',
      'frames drawn',
      'dropped (gaps > 25 ms)',
      'frames missed',
      'worst gap ms',
      'long tasks',
      `long tasks after ${START_UP_MS / 1000} s`,
      'long-task ms',
      'click → next frame ms (median / max, n)',
      'React commits',
      'render ms',
      'lost',
      'still queued at end',
    ],
    rows: [
      ...IMPLEMENTATIONS.map((impl) => {
        const r = runs[impl]
        return [
          LABELS[impl],
          fmt(r.frames),
          fmt(r.droppedFrames),
          fmt(r.missedFrames),
          fmt(r.worstFrameGapMs),
          fmt(r.longTasks),
          fmt(r.longTasksAfterStartUp),
          fmt(r.longTaskMs),
          r.clickToFrameMs.length === 0
            ? `none of ${r.clicksSent} handled`
            : `${fmt(median(r.clickToFrameMs), 1)} / ${fmt(Math.max(...r.clickToFrameMs), 1)}, ${r.clickToFrameMs.length}`,
          fmt(r.commits),
          fmt(r.renderMs),
          fmt(r.lost) + (r.pageErrors > 0 ? ` (${fmt(r.pageErrors)} page errors)` : ''),
          fmt(r.behind),
        ]
      }),
      [
        `ref: idle page, ${IDLE_MS / 1000} s`,
        fmt(idle.frames),
        fmt(idle.droppedFrames),
        '',
        fmt(idle.worstFrameGapMs),
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ],
  }

  const ours = runs.ours
  const otherNames = CONTENDERS.filter((impl) => impl !== 'ours')
  const others = otherNames.map((impl) => runs[impl])
  const targets: Table = {
    title: 'c. Targets',
    columns: ['target', `measured (ours; ${otherNames.join(', ')})`, 'met'],
    rows: [
      [
        'fewest dropped frames of all (gaps > 25 ms)',
        `ours ${fmt(ours.droppedFrames)}; ${others.map((r) => fmt(r.droppedFrames)).join(', ')}`,
        yes(others.every((r) => ours.droppedFrames <= r.droppedFrames)),
      ],
      [
        'fewest frames missed of all',
        `ours ${fmt(ours.missedFrames)}; ${others.map((r) => fmt(r.missedFrames)).join(', ')}`,
        yes(others.every((r) => ours.missedFrames <= r.missedFrames)),
      ],
      [
        'fewest long tasks of all',
        `ours ${fmt(ours.longTasks)}; ${others.map((r) => fmt(r.longTasks)).join(', ')}`,
        yes(others.every((r) => ours.longTasks <= r.longTasks)),
      ],
      [
        `fewest long tasks after the first ${START_UP_MS / 1000} s`,
        `ours ${fmt(ours.longTasksAfterStartUp)}; ${others.map((r) => fmt(r.longTasksAfterStartUp)).join(', ')}`,
        yes(others.every((r) => ours.longTasksAfterStartUp <= r.longTasksAfterStartUp)),
      ],
      [
        'zero lost',
        `${fmt(ours.worstLost)} lost, ${fmt(ours.worstBehind)} still queued (worst run)`,
        yes(ours.worstLost === 0 && ours.worstBehind === 0),
      ],
    ],
  }

  return {
    name: 'browserDashboard',
    tables: [table, targets],
    data: {
      chromium: bench.chromiumVersion,
      rate: RATE,
      seconds: SECONDS,
      tiles: TILES,
      messages: TOTAL,
      clicksAtMs: CLICKS_AT_MS,
      loadBefore,
      loadAfter: loadAverage(),
      idle: { ...idle, worstFrameGapMs: round(idle.worstFrameGapMs, 1) },
      perImplementation: Object.fromEntries(
        IMPLEMENTATIONS.map((impl) => {
          const { runs: list, ...medians } = runs[impl]
          return [
            impl,
            {
              medians: { ...medians, worstFrameGapMs: round(medians.worstFrameGapMs, 1), longTaskMs: round(medians.longTaskMs, 1), renderMs: round(medians.renderMs, 1) },
              runs: list.map((r) => ({
                ...r,
                worstFrameGapMs: round(r.worstFrameGapMs, 1),
                longTaskMs: round(r.longTaskMs, 1),
                renderMs: round(r.renderMs, 1),
                clickToFrameMs: r.clickToFrameMs.map((ms) => round(ms, 1)),
              })),
            },
          ]
        }),
      ),
    },
    notes: [
      'Every implementation renders through the same DashboardView (src/components/dashboard.tsx): ours is <Dashboard transport="websocket" url>; react-use-websocket and react-realtime-hooks hand their lastMessage to DashboardView as a source without history; raw keeps a window of the last 2,000 messages in state (one functional setState per message), as <Dashboard> keeps 2,000 by default.',
      `Frames are requestAnimationFrame callbacks during the ${SECONDS} s load (60 Hz: about ${SECONDS * 60}). dropped = gaps over 1.5 × 16.7 ms; frames missed = the 60 Hz frames those gaps skipped, which also counts a page too blocked to draw at all (a few huge gaps). Long tasks (> 50 ms) from PerformanceObserver('longtask'); long-task ms = their total. A page kept busy by thousands of short per-message tasks shows few long tasks but few frames.`,
      'An implementation that loses messages does less work: compare frames against the lost column.',
      `Clicks: Playwright clicks a fixed button at ${CLICKS_AT_MS.map((ms) => ms / 1000).join(', ')} s into the load; latency = click event.timeStamp to the next animation frame.`,
      'lost = messages dispatched to the page whose seq never reached the dashboard state (counted in the parse prop, which DashboardView calls for each message it adds); still queued = not even dispatched when the run ended (load + up to 5 s to catch up): the page fell that far behind.',
      `${RUNS} runs per implementation in a rotated order, each in a fresh page; every number is the median of the runs (clicks: all runs pooled). Expect run-to-run noise on a shared 2-core machine.`,
      `Long tasks after ${START_UP_MS / 1000} s leaves out the ones at start-up (the first messages mount 50 tiles while the JIT warms up), which every implementation has.`,
      `Measured at ${describeLoad()} (before: ${loadBefore.join(' / ')}).`,
    ],
  }
}

type Run = DashboardRun & { clicksSent: number }

interface Summary {
  frames: number
  droppedFrames: number
  missedFrames: number
  worstFrameGapMs: number
  longTasks: number
  longTasksAfterStartUp: number
  longTaskMs: number
  /** Every run's clicks. */
  clickToFrameMs: number[]
  clicksSent: number
  commits: number
  renderMs: number
  lost: number
  behind: number
  worstLost: number
  worstBehind: number
  pageErrors: number
  runs: Run[]
}

function summarize(runs: readonly Run[]): Summary {
  const med = (pick: (run: Run) => number): number => median(runs.map(pick))
  return {
    frames: med((r) => r.frames),
    droppedFrames: med((r) => r.droppedFrames),
    missedFrames: med((r) => r.missedFrames),
    worstFrameGapMs: med((r) => r.worstFrameGapMs),
    longTasks: med((r) => r.longTasks),
    longTasksAfterStartUp: med((r) => r.longTaskList.filter(([start]) => start >= START_UP_MS).length),
    longTaskMs: med((r) => r.longTaskMs),
    clickToFrameMs: runs.flatMap((r) => r.clickToFrameMs),
    clicksSent: runs.reduce((sum, r) => sum + r.clicksSent, 0),
    commits: med((r) => r.commits),
    renderMs: med((r) => r.renderMs),
    lost: med((r) => r.lost),
    behind: med((r) => r.behind),
    worstLost: Math.max(...runs.map((r) => r.lost)),
    worstBehind: Math.max(...runs.map((r) => r.behind)),
    pageErrors: med((r) => r.pageErrors),
    runs: [...runs],
  }
}
