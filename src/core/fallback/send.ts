import { describe } from '../describe'
import { discardBody, httpError, lookUpFetch } from '../transports/http'
import { RealtimeError, type WireData } from '../types'

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
    throw new RealtimeError('network', `Sending to ${url} failed: ${describe(cause)}`, { cause })
  }
  discardBody(response)
  if (!response.ok) throw httpError(response, `Sending to ${url}`)
}
