import { ignore } from '../guard'
import { startTimer } from '../timers'
import { RealtimeError, type CloseHints, type CloseInfo, type Transport, type TransportContext, type TransportSink, type WireData } from '../types'
import { asNetworkError } from '../transports/http'
import { factoryFor, resolveUrl } from './legs'
import { withPosition } from './position'
import { endpointOf, type ResolvedFallback } from './resolve'
import { postMessage } from './send'
import type { FallbackConfig, TransportName } from './types'

/** What one attempt tells the fallback that runs it. */
export interface AttemptHost {
  /** The position of the stream now: the last one any transport reported. */
  position(): string | undefined
  /** A transport reported where the stream is: the new resume position. */
  advance(position: string): void
  /** A position came with a message (it may lie ahead of the message): only its epoch is checked. */
  seen(position: string): void
  /** The attempt now runs on `name` (its first transport, or an upgrade being tried). */
  using(name: TransportName): void
  /** `name` works: it delivered a message, or stayed open `stableAfterMs`. */
  proven(name: TransportName): void
  /** The attempt ended on its own while on `name`; called before the close is reported. */
  ended(name: TransportName, proven: boolean): void
}

/** One attempt of a fallback connection, seen from the Connection as one transport. */
export interface FallbackAttempt extends Transport {
  send(data: WireData): void
  /** A WebSocket message's position (from `positionOf`); taken only while that message is being delivered. */
  notePosition(position: string): void
}

/** One transport carrying (or trying to carry) the attempt. */
interface Leg {
  readonly name: TransportName
  transport: Transport | undefined
  opened: boolean
  proven: boolean
  /** Clears the leg's timers and closes its transport (which then reports nothing). */
  stop(): void
}

/**
 * Runs one attempt on `name`. While it is open on a fallback, it upgrades after
 * `upgradeAfterMs` by closing the fallback and opening the preferred transport from
 * the position reached (close, then resume: nothing is delivered twice, nothing
 * skipped). If the upgrade does not open, the attempt goes back to the fallback,
 * from the same position, without leaving `open`; it tries again later.
 */
export function openAttempt(
  name: TransportName,
  settings: ResolvedFallback,
  config: FallbackConfig,
  context: TransportContext,
  host: AttemptHost,
): FallbackAttempt {
  const { sink, clock } = context
  const preferred = settings.order[0]
  let ended = false
  let leg: Leg | undefined
  /** Set while an upgrade is being tried: the transport to go back to if it fails. */
  let returnTo: TransportName | undefined
  let reportedOpen = false
  let deliveringWebSocket = false
  let stopUpgradeTimer = ignore

  const isCurrent = (candidate: Leg): boolean => !ended && leg === candidate

  const finish = (last: Leg, info: CloseInfo, hints?: CloseHints): void => {
    ended = true
    leg = undefined
    stopUpgradeTimer()
    host.ended(last.name, last.proven)
    sink.close(info, hints)
  }

  const legEnded = (current: Leg, info: CloseInfo, hints?: CloseHints): void => {
    current.stop()
    if (returnTo !== undefined && !current.opened) {
      // The upgrade did not open: back to the fallback, from where the stream is.
      const back = returnTo
      returnTo = undefined
      start(back)
      return
    }
    finish(current, info, hints)
  }

  const prove = (current: Leg): void => {
    if (current.proven) return
    current.proven = true
    host.proven(current.name)
  }

  const upgrade = (): void => {
    const from = leg
    if (ended || from === undefined || preferred === undefined || from.name === preferred) return
    returnTo = from.name
    from.stop()
    start(preferred)
  }

  const legSink = (current: Leg, stopConnectTimer: () => void, onStop: (stop: () => void) => void): TransportSink => ({
    open: () => {
      if (!isCurrent(current) || current.opened) return
      current.opened = true
      returnTo = undefined
      stopConnectTimer()
      onStop(startTimer(clock, settings.stableAfterMs, () => prove(current)))
      if (settings.upgradeAfterMs !== false && preferred !== undefined && current.name !== preferred) {
        stopUpgradeTimer = startTimer(clock, settings.upgradeAfterMs, upgrade)
      }
      if (reportedOpen) return
      reportedOpen = true
      sink.open()
    },
    message: (data, meta) => {
      if (!isCurrent(current)) return
      const position = meta?.id ?? meta?.cursor
      if (position !== undefined && position !== '') host.seen(position)
      prove(current)
      deliveringWebSocket = current.name === 'websocket'
      try {
        sink.message(data, meta)
      } finally {
        deliveringWebSocket = false
      }
    },
    error: (error) => {
      if (isCurrent(current)) sink.error(error)
    },
    resumeFrom: (position) => {
      if (!isCurrent(current)) return
      host.advance(position)
      sink.resumeFrom(position)
    },
    retryDelay: (ms) => {
      if (isCurrent(current)) sink.retryDelay(ms)
    },
    close: (info, hints) => {
      if (!isCurrent(current)) return
      current.transport = undefined
      legEnded(current, info, hints)
    },
  })

  const start = (legName: TransportName): void => {
    const stops: Array<() => void> = []
    const current: Leg = {
      name: legName,
      transport: undefined,
      opened: false,
      proven: false,
      stop: () => {
        for (const stop of stops.splice(0)) stop()
        const transport = current.transport
        current.transport = undefined
        transport?.close()
      },
    }
    leg = current
    host.using(legName)
    const timeout = new RealtimeError('timeout', process.env.NODE_ENV !== 'production' ? `${legName} not connected within ${settings.connectTimeoutMs} ms` : 'Connect timeout')
    const stopConnectTimer = startTimer(clock, settings.connectTimeoutMs, () => {
      if (isCurrent(current)) legEnded(current, { wasClean: false, error: timeout })
    })
    stops.push(stopConnectTimer)
    resolveUrl(endpointOf(config.endpoints, legName)).then(
      (url) => {
        if (!isCurrent(current)) return
        // A held long poll is a live connection: only the url has to arrive in time.
        if (legName === 'long-poll') stopConnectTimer()
        const position = host.position()
        const sinkOfLeg = legSink(current, stopConnectTimer, (stop) => stops.push(stop))
        try {
          current.transport = factoryFor(legName, config)({
            // A WebSocket has no resume of its own: the position goes into its URL.
            url: legName === 'websocket' ? withPosition(url, settings.resumeParam, position) : url,
            clock,
            resumeFrom: legName === 'websocket' ? undefined : position,
            sink: sinkOfLeg,
          })
        } catch (cause) {
          legEnded(current, { wasClean: false, error: asNetworkError(cause, `Could not create the ${legName} transport`) })
        }
      },
      (cause: unknown) => {
        if (!isCurrent(current)) return
        legEnded(current, { wasClean: false, error: asNetworkError(cause, `The ${legName} url function failed`) })
      },
    )
  }

  start(name)

  return {
    send: (data) => {
      if (ended) throw new RealtimeError('network', process.env.NODE_ENV !== 'production' ? 'Cannot send: this connection attempt has ended' : 'Ended')
      const transport = leg?.transport
      if (leg?.name === 'websocket' && leg.opened && transport?.send) {
        transport.send(data)
        return
      }
      const { sendUrl } = config.endpoints
      if (sendUrl === undefined) {
        throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `Cannot send while on ${leg?.name ?? 'no transport'}: give endpoints.sendUrl` : 'No sendUrl')
      }
      postMessage(sendUrl, data, config.fetch).catch((cause: unknown) => {
        if (!ended) sink.error(asNetworkError(cause, `Sending to ${sendUrl} failed`))
      })
    },
    notePosition: (position) => {
      if (!deliveringWebSocket || ended) return
      host.advance(position)
      sink.resumeFrom(position)
    },
    close: () => {
      if (ended) return
      ended = true
      stopUpgradeTimer()
      const last = leg
      leg = undefined
      last?.stop()
    },
  }
}
