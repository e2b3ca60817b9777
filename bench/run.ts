/**
 * `npm run bench` — runs every bench part in sequence, prints plain tables and
 * writes the same numbers to bench/results/latest.json.
 *
 *   npm run bench                          all parts
 *   npm run bench -- transports dashboard  only these (names below); latest.json keeps
 *                                          the other parts' numbers from earlier runs
 *
 * Parts: transports (a), throughput (b), dashboard (c), size (d), mount-cycles (e),
 * sse (f).
 * Benchmarks print numbers; they are not tests and `npm test` never runs them.
 * Everything is bounded in count and time, and only talks to 127.0.0.1.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runBrowserDashboard } from './browser-dashboard'
import { runBrowserThroughput } from './browser-throughput'
import { startBrowserBench } from './lib/browser'
import type { BrowserBench } from './lib/browser'
import { describeLoad, loadAverage, machineInfo } from './lib/machine'
import type { BenchResult } from './lib/result'
import { renderTable } from './lib/table'
import { runSseParsing } from './sse-parsing'
import { runTransports } from './transports'

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))
const LATEST = `${RESULTS_DIR}latest.json`

/** What latest.json holds for one part. */
interface PartRecord {
  date: string
  durationMs: number
  loadAverage: { before: number[]; after: number[] }
  tables?: BenchResult['tables']
  notes?: BenchResult['notes']
  data?: unknown
  error?: string
}

interface Context {
  /** One Chromium and one built page, shared by the browser parts. */
  browser(): Promise<BrowserBench>
}

interface Part {
  name: string
  key: string
  run(context: Context): Promise<BenchResult | Record<string, unknown>>
}

const log = (line: string): void => console.log(line)

const PARTS: readonly Part[] = [
  { name: 'transports', key: 'transports', run: () => runTransports(log) },
  { name: 'throughput', key: 'browserThroughput', run: async (context) => runBrowserThroughput(log, await context.browser()) },
  { name: 'dashboard', key: 'browserDashboard', run: async (context) => runBrowserDashboard(log, await context.browser()) },
  // d and e are written by another part of the project; they print their own tables.
  { name: 'size', key: 'size', run: () => runExternal('./size.ts', 'runSizes') },
  { name: 'mount-cycles', key: 'mountCycles', run: () => runExternal('./mount-cycles.ts', 'runMountCycles') },
  { name: 'sse', key: 'sseParsing', run: () => runSseParsing(log) },
]

/** Loads a part by file, so that a missing or renamed one is reported instead of breaking the others. */
async function runExternal(file: string, exported: string): Promise<Record<string, unknown>> {
  const url = new URL(file, import.meta.url)
  if (!existsSync(fileURLToPath(url))) throw new Error(`${file} does not exist yet`)
  const module = (await import(url.href)) as Record<string, unknown>
  const run = module[exported]
  if (typeof run !== 'function') throw new Error(`${file} does not export ${exported}()`)
  return (await (run as () => Promise<Record<string, unknown>>)()) ?? {}
}

function isBenchResult(value: unknown): value is BenchResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as BenchResult).tables)
}

function printResult(result: BenchResult): void {
  for (const table of result.tables) console.log(`\n${renderTable(table)}`)
  if (result.notes.length > 0) console.log(`\n${result.notes.map((note) => `- ${note}`).join('\n')}`)
}

async function readPrevious(): Promise<Record<string, PartRecord>> {
  try {
    const previous = JSON.parse(await readFile(LATEST, 'utf8')) as { parts?: Record<string, PartRecord> }
    return previous.parts ?? {}
  } catch {
    return {}
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
  const unknown = wanted.filter((name) => !PARTS.some((part) => part.name === name))
  if (unknown.length > 0) {
    console.error(`unknown part(s) ${unknown.join(', ')}; parts: ${PARTS.map((part) => part.name).join(', ')}`)
    process.exitCode = 2
    return
  }
  const selected = wanted.length === 0 ? PARTS : PARTS.filter((part) => wanted.includes(part.name))
  const machine = machineInfo()
  const loadAtStart = loadAverage()
  console.log(`react-realtime-kit bench — ${machine.date}`)
  console.log(`${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`)
  console.log(`${describeLoad()} at start`)

  let browser: BrowserBench | undefined
  const context: Context = {
    browser: async () => {
      browser ??= await startBrowserBench()
      return browser
    },
  }

  const parts = await readPrevious()
  const startedAt = performance.now()
  try {
    for (const part of selected) {
      console.log(`\n=== ${part.name} ===`)
      const before = loadAverage()
      const partStart = performance.now()
      const record: PartRecord = { date: new Date().toISOString(), durationMs: 0, loadAverage: { before, after: before } }
      try {
        const result = await part.run(context)
        if (isBenchResult(result)) {
          printResult(result)
          record.tables = result.tables
          record.notes = result.notes
          record.data = result.data
        } else {
          record.data = result
        }
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error)
        console.log(`${part.name} failed: ${record.error}`)
      }
      record.durationMs = Math.round(performance.now() - partStart)
      record.loadAverage.after = loadAverage()
      parts[part.key] = record
      console.log(`(${part.name}: ${(record.durationMs / 1000).toFixed(1)} s)`)
    }
  } finally {
    await browser?.close()
  }

  const output = {
    date: machine.date,
    machine,
    chromium: browser?.chromiumVersion ?? null,
    loadAverage: { start: loadAtStart, end: loadAverage() },
    partsRun: selected.map((part) => part.name),
    durationMs: Math.round(performance.now() - startedAt),
    parts,
  }
  await mkdir(RESULTS_DIR, { recursive: true })
  await writeFile(LATEST, `${JSON.stringify(output, null, 2)}\n`)
  console.log(`\n${describeLoad()} at the end; ${(output.durationMs / 1000).toFixed(0)} s in all.`)
  console.log(`Numbers written to ${pathToFileURL(LATEST).pathname.replace(`${process.cwd()}/`, '')}`)
  if (selected.some((part) => parts[part.key]?.error !== undefined)) process.exitCode = 1
}

await main()
