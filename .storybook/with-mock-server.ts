/**
 * `npm run storybook`: the mock server on 127.0.0.1:8787 and `storybook dev`
 * together, in one command. Extra arguments go to Storybook (`-- --ci`, `-- --port 7007`); the port stays
 * 6006 unless one is given.
 * Ctrl-C stops both.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { ensureMockServer, STORIES_MOCK_PORT } from './ensure-mock-server'
import { withDefaultPort } from './storybook-args'

const require = createRequire(import.meta.url)
const storybookBin = require.resolve('storybook/internal/bin/dispatcher')

const server = await ensureMockServer(STORIES_MOCK_PORT)
console.log(
  server.started
    ? `Mock server on http://127.0.0.1:${STORIES_MOCK_PORT}`
    : `Using the mock server already running on port ${STORIES_MOCK_PORT}`,
)

const args = process.argv.slice(2)
const storybook = spawn(process.execPath, [storybookBin, 'dev', ...withDefaultPort(args)], {
  stdio: 'inherit',
})

let stopping = false
async function stop(code: number): Promise<void> {
  if (stopping) return
  stopping = true
  if (storybook.exitCode === null) storybook.kill('SIGTERM')
  await server.close()
  process.exit(code)
}

storybook.on('exit', (code, signal) => void stop(code ?? (signal ? 1 : 0)))
storybook.on('error', (error) => {
  console.error(`Could not start Storybook: ${error.message}`)
  void stop(1)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0))
