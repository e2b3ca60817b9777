import { admit, refuseHttp } from './context'
import type { ServerContext } from './context'
import { positionsFor } from './epoch'
import { isFinished } from './http'
import { pumpConnection } from './pump'
import type { RouteRequest } from './request'

/**
 * GET /sse/:scenario — an event stream. Each message is one event with
 * `id: <seq>`; a reconnect with `Last-Event-ID` (or `?lastEventId=`) resumes
 * right after it.
 */
export function handleSse(ctx: ServerContext, request: RouteRequest): void {
  const { req, res, scenario, faults, key, query, cors, scope } = request
  const header = req.headers['last-event-id']
  const positions = positionsFor(ctx, query)
  const resume = positions.read(typeof header === 'string' && header !== '' ? header : (query.get('lastEventId') ?? undefined), 'Last-Event-ID')

  admit(ctx, key, faults, scope, (admission) => {
    if (isFinished(res)) return
    if (admission.refused) {
      refuseHttp(ctx, `sse ${key}`, res, faults, admission, cors)
      return
    }
    res.writeHead(200, {
      ...cors,
      'Content-Type': faults.contentType ?? 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      // Proxies (and dev servers) must not buffer the stream.
      'X-Accel-Buffering': 'no',
    })
    res.write(': ok\n\n')
    if (faults.retry !== undefined) res.write(`retry: ${faults.retry}\n\n`)
    scope.interval(() => {
      if (!isFinished(res)) res.write(': keep-alive\n\n')
    }, ctx.keepAliveMs)

    pumpConnection(ctx, `sse ${key}`, { scenario, faults, scope, resume }, {
      write: (msg, text, flushed) => {
        if (isFinished(res)) return true
        return res.write(`id: ${positions.format(msg.seq)}\ndata: ${text}\n\n`, flushed === undefined ? undefined : () => flushed())
      },
      waitForDrain: (resumePump) => {
        const onDrain = (): void => {
          remove()
          resumePump()
        }
        res.once('drain', onDrain)
        const remove = scope.add(() => res.off('drain', onDrain))
      },
      drop: () => {
        ctx.log(`sse ${key}: dropAfter=${String(faults.dropAfter)} reached, destroying the response`)
        res.destroy()
      },
    })
  })
}
