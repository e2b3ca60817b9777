/**
 * What each built file may import. The main entries carry no schema library (the
 * `schema` option is typed against Standard Schema alone) and no mock-socket (only
 * /testing bundles it); /testing needs nothing installed; /mock-server only Node and ws.
 * Run after `npm run build`; exits 1 naming every import that is not allowed.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import path from 'node:path'

const DIST = 'dist'

/** Bare specifiers allowed per output file, by the file's entry name. */
const ALLOWED: Record<string, (specifier: string) => boolean> = {
  index: (s) => s === 'react' || s.startsWith('react/') || s === 'react-dom',
  // The hooks and components, behind 'use client' (see build/client-boundary.ts).
  client: (s) => s === 'react' || s.startsWith('react/') || s === 'react-dom',
  core: () => false,
  chunk: (s) => s === 'react' || s.startsWith('react/'),
  testing: () => false,
  'mock-server': (s) => isBuiltin(s) || s === 'ws',
  'mock-server-cli': (s) => isBuiltin(s) || s === 'ws',
  // The declarations of the CSS file: no imports at all.
  'styles.css': () => false,
}

const SPECIFIER = /\b(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)["']([^"']+)["']/g

function entryOf(file: string): string {
  const base = file.replace(/\.(d\.)?(c|m)?(js|ts)$/, '')
  // Shared code and types that the bundler split out: `chunk-HASH.js`, `long-poll-HASH.d.ts`.
  return base.startsWith('chunk-') || /-[\w-]{8}$/.test(base) ? 'chunk' : base
}

const problems: string[] = []
const files = readdirSync(DIST).filter((file) => /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file))
if (files.length === 0) problems.push(`no built files in ${DIST}/: run npm run build first`)
for (const file of files) {
  const allowed = ALLOWED[entryOf(file)]
  if (allowed === undefined) {
    problems.push(`${file}: an output file this check does not know; add its entry to ALLOWED`)
    continue
  }
  const code = readFileSync(path.join(DIST, file), 'utf8')
  for (const [, specifier = ''] of code.matchAll(SPECIFIER)) {
    if (specifier.startsWith('.') || allowed(specifier)) continue
    problems.push(`${file} imports ${JSON.stringify(specifier)}`)
  }
}

if (problems.length > 0) {
  console.error(`Bundle imports that are not allowed:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(`Bundle imports: ${files.length} files checked, each imports only what its entry may.`)
