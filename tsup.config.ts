import { defineConfig } from 'tsup'
import { clientBoundary, markClientModules } from './build/client-boundary'

export default defineConfig([
  {
    // One build for every entry, so `react-realtime-kit` and `/core` share one copy of
    // the core (one RealtimeError class for instanceof, one shared-connection registry).
    // `client` holds the hooks and components behind 'use client'; the main entry
    // re-exports it (see build/client-boundary.ts).
    entry: { index: 'src/index.ts', core: 'src/core/index.ts', client: 'src/client.ts' },
    format: ['esm', 'cjs'],
    splitting: true,
    dts: true,
    sourcemap: true,
    target: 'es2022',
    external: ['react', 'react-dom'],
    esbuildPlugins: [clientBoundary],
    onSuccess: markClientModules,
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
  {
    // The `react-realtime-kit-mock-server` bin (its #! line is kept from the source).
    entry: { 'mock-server-cli': 'mock-server/cli.ts' },
    format: ['esm'],
    target: 'es2022',
    platform: 'node',
    external: ['ws'],
  },
])
