import { createServer } from 'node:http'
import { build } from 'esbuild'

export interface BundlePage {
  /** 'http://127.0.0.1:PORT/' */
  url: string
  close(): Promise<void>
}

/** Bundles `entry` for the browser (esbuild, in memory) and serves it as a page on 127.0.0.1. */
export async function serveBundlePage(entry: string): Promise<BundlePage> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    write: false,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'error',
  })
  const script = result.outputFiles[0]?.text ?? ''
  const html = '<!doctype html><meta charset="utf-8"><title>page</title><div id="root"></div><script type="module" src="/page.js"></script>'
  const server = createServer((req, res) => {
    const isScript = req.url === '/page.js'
    res.writeHead(200, { 'Content-Type': isScript ? 'text/javascript' : 'text/html' }).end(isScript ? script : html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
