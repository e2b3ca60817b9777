/*
 * The React Server Components boundary of the build. Bundlers (Next.js) treat a
 * module that starts with 'use client' as client-only: every export becomes a client
 * reference, so a server cannot call a function from it or read a constant. Only
 * dist/client.* (hooks and components) carries the directive; the main entry
 * re-exports it through an import the bundle keeps, instead of inlining it, so the
 * main entry's own exports (types, RealtimeError, parsers, constants) stay
 * server-safe.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import type { Plugin } from 'esbuild'

const CLIENT_FILES = ['dist/client.js', 'dist/client.cjs']
const DIRECTIVE = "'use client';\n"

/** Keeps `./client` an import of the built dist/client file when src/index.ts imports it. */
export const clientBoundary: Plugin = {
  name: 'client-boundary',
  setup(build) {
    // tsup's split CJS build runs esbuild as ESM, then converts: the output extension tells.
    const extension = build.initialOptions.outExtension?.['.js'] ?? '.js'
    build.onResolve({ filter: /^\.\/client$/ }, (args) => {
      if (!/[\\/]src[\\/]index\.ts$/.test(args.importer)) return undefined
      return { path: `./client${extension}`, external: true }
    })
  },
}

/**
 * Puts 'use client' on top of the client modules where the bundle lost it (esbuild
 * keeps an ESM entry's directive, but not in CJS output).
 */
export async function markClientModules(): Promise<void> {
  for (const file of CLIENT_FILES) {
    const code = await readFile(file, 'utf8')
    if (/^['"]use client['"]/.test(code)) continue
    await writeFile(file, `${DIRECTIVE}${code}`)
    // The source map's lines move down by one: an empty first line keeps them right.
    const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { mappings: string }
    map.mappings = `;${map.mappings}`
    await writeFile(`${file}.map`, JSON.stringify(map))
  }
  await copyFile('src/styles.css', 'dist/styles.css')
  await copyFile('src/styles.css.d.cts', 'dist/styles.css.d.cts')
}
