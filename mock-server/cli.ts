#!/usr/bin/env node
/**
 * `react-realtime-kit-mock-server` (the package's bin) and `npm run mock-server` — starts the mock server until SIGINT / SIGTERM.
 * Flags: --port N, --host H, --allow-origin ORIGIN (repeatable or comma separated).
 * Bad flags print a message and exit with code 2.
 */
import { USAGE, parseArgs } from './cli-args'
import { endpointHelp, startMockServer } from './index'

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.kind === 'help') {
    console.log(USAGE)
    return
  }
  if (args.kind === 'error') {
    console.error(`mock-server: ${args.message} (--help lists the options)`)
    process.exitCode = 2
    return
  }
  const log = args.quiet ? undefined : (line: string): void => console.log(`[mock-server] ${line}`)
  let server
  try {
    server = await startMockServer(log === undefined ? args.options : { ...args.options, log })
  } catch (error) {
    console.error(`mock-server: cannot start: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
    return
  }
  console.log(`mock server listening on ${server.url}`)
  for (const line of endpointHelp(server.url)) console.log(`  ${line}`)
  console.log('Ctrl+C stops it.')

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`mock server: ${signal}, closing`)
    // close() ends every connection and timer, so the process then exits by itself.
    void server.close().then(() => {
      process.exitCode = 0
    })
    setTimeout(() => {
      console.error('mock server: close() took over 5 s; exiting anyway')
      process.exit(1)
    }, 5000).unref()
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

void main()
