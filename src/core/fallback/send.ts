import { discardBody, httpError, lookUpFetch, networkError } from '../transports/http'
import type { WireData } from '../types'

/**
 * POSTs one outgoing message to `sendUrl` as JSON (the serialized message is the
 * body). Resolves once the server accepted it; rejects with a RealtimeError.
 */
export async function postMessage(url: string, data: WireData, fetchOption: typeof fetch | undefined): Promise<void> {
  const fetchImplementation = lookUpFetch(fetchOption)
  let response: Response
  try {
    response = await fetchImplementation(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: data as BodyInit,
    })
  } catch (cause) {
    throw networkError(`Sending to ${url} failed`, cause)
  }
  discardBody(response)
  if (!response.ok) throw httpError(response, `Sending to ${url}`)
}
