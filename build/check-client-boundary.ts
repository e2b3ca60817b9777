/*
 * Checks the built package's React Server Components boundary (see
 * client-boundary.ts): dist/client.* starts with 'use client'; the main entry
 * re-exports it; and nothing else the main entry or /core loads — followed import
 * by import, stopping at the client module — is client-only or imports React.
 * Run after the build (npm run check:package); exits 1 with the reasons on failure.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

const DIST = path.resolve(process.argv[2] ?? 'dist')
const USE_CLIENT = /^['"]use client['"]/
const REACT_IMPORT = /(?:from\s*|import\s*|require\()\s*["']react(?:-dom)?(?:\/[^"']*)?["']/
const RELATIVE_IMPORT = /(?:from\s*|import\s*|require\()\s*["'](\.\/[^"']+)["']/g

function read(file: string): string {
  return readFileSync(path.join(DIST, file), 'utf8')
}

function relativeImports(code: string): string[] {
  return [...code.matchAll(RELATIVE_IMPORT)].map((match) => path.posix.normalize(match[1] as string))
}

/** Problems in the graph of `entry`, not entering `client`. */
function serverSafeProblems(entry: string, client: string): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  const queue = [entry]
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file) || file === client) continue
    seen.add(file)
    const code = read(file)
    if (USE_CLIENT.test(code)) problems.push(`${file} (loaded by ${entry}) is marked 'use client'`)
    if (REACT_IMPORT.test(code)) problems.push(`${file} (loaded by ${entry}) imports React`)
    queue.push(...relativeImports(code))
  }
  return problems
}

const problems: string[] = []
for (const extension of ['js', 'cjs']) {
  const client = `client.${extension}`
  const index = `index.${extension}`
  if (!USE_CLIENT.test(read(client))) problems.push(`${client} does not start with 'use client'`)
  if (!relativeImports(read(index)).includes(client)) problems.push(`${index} does not re-export ${client}`)
  problems.push(...serverSafeProblems(index, client), ...serverSafeProblems(`core.${extension}`, client))
}

if (problems.length > 0) {
  console.error(`client boundary check failed:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log("client boundary: only dist/client.{js,cjs} is 'use client'; the main entry and /core load no React and no client module")
