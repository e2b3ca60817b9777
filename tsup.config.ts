import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { defineConfig } from 'tsup'

/** Hooks and components run only in client components (React Server Components). */
async function markClientEntry(): Promise<void> {
  for (const file of ['dist/index.js', 'dist/index.cjs']) {
    const code = await readFile(file, 'utf8')
    if (!code.startsWith("'use client'")) await writeFile(file, `'use client';\n${code}`)
  }
  await copyFile('src/styles.css', 'dist/styles.css')
}

export default defineConfig([
  {
    // One build for both entries, so `react-realtime-kit` and `/core` share one copy of
    // the core (one RealtimeError class for instanceof, one shared-connection registry).
    entry: { index: 'src/index.ts', core: 'src/core/index.ts' },
    format: ['esm', 'cjs'],
    splitting: true,
    dts: true,
    sourcemap: true,
    target: 'es2022',
    external: ['react', 'react-dom'],
    onSuccess: markClientEntry,
  },
  {
    // mock-socket is bundled into this entry alone: users need no extra install, the main
    // entries never see it, and its global server registry is private to the test server
    // (a user's own mock-socket servers cannot collide with ours).
    entry: { testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    noExternal: ['mock-socket'],
    banner: { js: '/* Includes mock-socket 9 (https://github.com/thoov/mock-socket), MIT License, Copyright (c) Travis Hoover. */' },
  },
  {
    entry: { 'mock-server': 'mock-server/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
    external: ['ws'],
  },
])
