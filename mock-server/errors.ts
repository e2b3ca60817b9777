import type { ServerResponse } from 'node:http'
import { sendText } from './http'

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

/** An unexpected error while answering: logged, answered 500 (or the stream cut if already under way). */
export function failRequest(log: (line: string) => void, res: ServerResponse, error: unknown): void {
  log(`error: ${describeError(error)}`)
  if (res.headersSent) res.destroy()
  else sendText(res, 500, 'internal error in the mock server (see its log)')
}
