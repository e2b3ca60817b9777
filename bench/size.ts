/**
 * d. Bundle size: size-limit (esbuild, minified + gzipped, react and react-dom left
 * out) over the entries in .size-limit.json, measured on the built `dist/` (run
 * `npm run build` first), printed with the two targets of the issue:
 * `useWebSocket` alone no larger than react-use-websocket's, all three hooks < 5 kB.
 *
 *   node --import tsx bench/size.ts
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Table } from './lib/result'
import { renderTable, yes } from './lib/table'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SIZE_LIMIT_BIN = path.join(ROOT, 'node_modules', '.bin', 'size-limit')
const RUN_TIMEOUT_MS = 120_000

/** Names of .size-limit.json entries the targets compare. */
const OURS_WS = 'useWebSocket alone'
const THEIRS_WS = 'react-use-websocket: useWebSocket alone'
const ALL_HOOKS = 'all three hooks'
const ALL_HOOKS_TARGET_BYTES = 5000

interface SizeCheck {
  name: string
  /** Bytes, minified + gzipped. */
  size: number
  passed?: boolean
  /** Bytes; present when the entry has a limit. */
  sizeLimit?: number
}

interface ConfigEntry {
  name: string
  path: string
  import?: string
  limit?: string
}

/** size-limit exits non-zero when a limit is exceeded; its JSON on stdout is still the result. */
function runSizeLimit(): Promise<SizeCheck[]> {
  return new Promise((resolve, reject) => {
    execFile(SIZE_LIMIT_BIN, ['--json'], { cwd: ROOT, timeout: RUN_TIMEOUT_MS, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      try {
        const parsed: unknown = JSON.parse(stdout)
        if (!Array.isArray(parsed)) {
          const problem = (parsed as { error?: string } | null)?.error ?? stdout
          throw new Error(problem)
        }
        resolve(parsed as SizeCheck[])
      } catch (cause) {
        const detail = [error?.message, stderr.trim(), cause instanceof Error ? cause.message : String(cause)]
        reject(new Error(`size-limit failed: ${detail.filter(Boolean).join('\n')}`))
      }
    })
  })
}

const kB = (bytes: number | undefined): string => (bytes === undefined ? '—' : `${(bytes / 1000).toFixed(2)} kB`)

/** Measures every .size-limit.json entry, prints the table and the targets, returns the numbers. */
export async function runSizes(): Promise<Record<string, unknown>> {
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before the size bench')
  }
  const config = JSON.parse(await readFile(path.join(ROOT, '.size-limit.json'), 'utf8')) as ConfigEntry[]
  const checks = await runSizeLimit()
  const byName = new Map(checks.map((check) => [check.name, check]))
  const entryOf = (name: string): ConfigEntry | undefined => config.find((entry) => entry.name === name)

  const table: Table = {
    title: 'd. Bundle size (esbuild, minified + gzipped; react and react-dom excluded)',
    columns: ['entry', 'what is imported', 'size', 'limit', 'within limit'],
    rows: checks.map((check) => {
      const entry = entryOf(check.name)
      const what = entry ? `${entry.import ?? 'everything'} from ${entry.path}` : ''
      const within = check.sizeLimit === undefined ? '—' : check.passed === false ? 'NO' : 'yes'
      return [check.name, what, kB(check.size), kB(check.sizeLimit), within]
    }),
  }

  const ours = byName.get(OURS_WS)?.size
  const theirs = byName.get(THEIRS_WS)?.size
  const allHooks = byName.get(ALL_HOOKS)?.size
  const targets: Table = {
    title: 'd. Size targets',
    columns: ['target', 'measured', 'met'],
    rows: [
      [
        'useWebSocket alone ≤ react-use-websocket',
        `${kB(ours)} vs ${kB(theirs)}`,
        ours !== undefined && theirs !== undefined ? yes(ours <= theirs) : '—',
      ],
      [
        `all three hooks < ${kB(ALL_HOOKS_TARGET_BYTES)}`,
        kB(allHooks),
        allHooks === undefined ? '—' : yes(allHooks < ALL_HOOKS_TARGET_BYTES),
      ],
    ],
  }
  console.log(`\n${renderTable(table)}\n\n${renderTable(targets)}`)
  console.log(
    '\nreact-use-websocket is CommonJS, so a bundler cannot tree-shake it: importing its useWebSocket ships the whole package, as users get it.',
  )

  return {
    unit: 'bytes, minified + gzipped',
    entries: checks.map((check) => ({ ...check, import: entryOf(check.name)?.import, path: entryOf(check.name)?.path })),
    targets: {
      useWebSocketVsReactUseWebsocket: { ours, theirs, met: ours !== undefined && theirs !== undefined && ours <= theirs },
      allThreeHooks: { bytes: allHooks, targetBytes: ALL_HOOKS_TARGET_BYTES, met: allHooks !== undefined && allHooks < ALL_HOOKS_TARGET_BYTES },
    },
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) await runSizes()
