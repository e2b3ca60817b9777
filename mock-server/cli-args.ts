/**
 * Command-line flags of the mock server, parsed without side effects (the
 * CLI itself starts a server on import, so tests use this module instead).
 */
import { FAULT_HELP } from './fault-help'
import { DEFAULT_HOST, DEFAULT_PORT, endpointHelp } from './index'
import type { MockServerOptions } from './index'

export const USAGE = `usage: react-realtime-kit-mock-server [--port N] [--host H] [--allow-origin ORIGIN]... [--quiet]
  (npx react-realtime-kit-mock-server once the package and ws are installed; npm run mock-server -- in its repository)
  --port N               port to listen on (default ${DEFAULT_PORT}; 0 = any free port)
  --host H               interface to listen on (default ${DEFAULT_HOST})
  --allow-origin ORIGIN  allow CORS from ORIGIN besides localhost (repeatable, or comma separated; * = any)
  --quiet                do not log connections
  --help                 show this help

Endpoints (scenarios chat, feed, metrics):
${endpointHelp().map((line) => `  ${line}`).join('\n')}

${FAULT_HELP}`

export type CliArgs = { kind: 'run'; options: MockServerOptions; quiet: boolean } | { kind: 'help' } | { kind: 'error'; message: string }

export function parseArgs(argv: readonly string[]): CliArgs {
  const allowOrigin: string[] = []
  let port: number | undefined
  let host: string | undefined
  let quiet = false
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string
    const eq = arg.indexOf('=')
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined
    const value = (): string | undefined => {
      if (inline !== undefined) return inline
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) return undefined
      i += 1
      return next
    }
    switch (name) {
      case '--help':
      case '-h':
        return { kind: 'help' }
      case '--quiet':
        quiet = true
        break
      case '--port': {
        const raw = value()
        if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) > 65535) {
          return { kind: 'error', message: `--port needs a number from 0 to 65535, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}` }
        }
        port = Number(raw)
        break
      }
      case '--host': {
        const raw = value()
        if (raw === undefined || raw === '') return { kind: 'error', message: '--host needs a host name or address' }
        host = raw
        break
      }
      case '--allow-origin': {
        const raw = value()
        const origins = (raw ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '')
        if (origins.length === 0) return { kind: 'error', message: '--allow-origin needs an origin such as http://example.test:3000' }
        allowOrigin.push(...origins)
        break
      }
      default:
        return { kind: 'error', message: `unknown argument ${JSON.stringify(arg)}` }
    }
  }
  const options: MockServerOptions = { allowOrigin }
  if (port !== undefined) options.port = port
  if (host !== undefined) options.host = host
  return { kind: 'run', options, quiet }
}
