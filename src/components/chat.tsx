import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type ReactElement } from 'react'
import type { Status } from '../core/types'
import { chatReducer, initialChatState, nextExpiry, receiveMessages, type ChatEntry, type OutboxEntry, type SendState } from './chat-state'
import { createClientId } from './client-id'
import { ConnectionStatusView } from './connection-status'
import { cx } from './cx'
import { LiveText } from './live-text'
import { toChatMessage } from './normalize'
import { countOf } from './plural'
import { ProblemNote } from './problem-note'
import type { RealtimeEndpoints } from '../hooks/realtime-types'
import { RealtimeSource } from './realtime-source'
import type { StatusLabels } from './status-text'
import { TimeLabel } from './time-label'
import type { ChatMessage, ChatOutgoing, DataSourceProps, SourceResult } from './types'
import { useBatchedAnnouncement } from './use-batched-announcement'
import { useFollowNewest } from './use-follow-newest'
import { useSourceReducer } from './use-source-reducer'
import { positiveInt } from './option-numbers'

const DEFAULT_MAX = 200
const DEFAULT_ACK_TIMEOUT_MS = 10_000
const DEFAULT_MAX_LENGTH = 2000
const DEFAULT_ANNOUNCE_EVERY_MS = 1500

/** How a message is shown: received, or one of this instance's sends not yet echoed. */
export type ChatMessageState = 'received' | SendState

export interface ChatMessageInfo {
  own: boolean
  state: ChatMessageState
}

export interface ChatOwnProps {
  /** The name this instance sends as. */
  user: string
  /** Where to POST `{ user, text, clientId }` when the source cannot send (SSE, long-poll). */
  sendUrl?: string
  /** Replaces the WebSocket send and the POST: resolve (or return true) when accepted. */
  sendMessage?: (message: ChatOutgoing) => Promise<unknown> | boolean
  /** `fetch` for the POST. Default: `options.fetch`, else the global one. */
  fetch?: typeof fetch
  /** Tells own echoed messages apart. Default: a random id per instance. */
  clientId?: string
  /** How many messages to keep, and how many own sends awaiting an echo or a retry. Default 200. */
  max?: number
  /** A message this instance sent that is not echoed within this time (from sending) is marked failed. Default 10000. */
  ackTimeoutMs?: number
  /** Longest message the composer accepts. Default 2000. */
  maxLength?: number
  /** Turns a message into a chat message; throw to skip it (it is counted and reported). */
  parse?: (message: unknown) => ChatMessage
  /** Renders one message inside its `<li>`. */
  renderMessage?: (message: ChatMessage, info: ChatMessageInfo) => ReactNode
  /** Accessible name of the chat. Default "Chat". */
  label?: string
  placeholder?: string
  /** Screen readers hear new messages from others at most this often. Default 1500; 0 turns it off. */
  announceEveryMs?: number
  labels?: Partial<StatusLabels>
  className?: string
}

export type ChatProps = DataSourceProps<ChatOutgoing> & ChatOwnProps

/** Under `transport="auto"`, Chat's own `sendUrl` is where `send()` POSTs unless the endpoints name one. */
function withSendUrl(endpoints: RealtimeEndpoints | null | undefined, sendUrl: string | undefined): RealtimeEndpoints | null | undefined {
  if (endpoints === null || endpoints === undefined || sendUrl === undefined || endpoints.sendUrl !== undefined) return endpoints
  return { ...endpoints, sendUrl }
}

/** A chat room: messages, a composer, own vs others' messages, pending and failed sends with retry. */
export function Chat(props: ChatProps): ReactElement {
  const { source, url, transport, options, endpoints, ...own } = props
  const max = positiveInt(own.max, DEFAULT_MAX)
  const optionsFetch = options !== undefined && 'fetch' in options ? options.fetch : undefined
  const postFetch = own.fetch ?? optionsFetch
  return (
    <RealtimeSource<ChatOutgoing>
      props={{ source, url, transport, options, endpoints: withSendUrl(endpoints, own.sendUrl) } as DataSourceProps<ChatOutgoing>}
      defaults={{ history: max }}
    >
      {(result) => <ChatView {...own} {...(postFetch === undefined ? {} : { fetch: postFetch })} source={result} />}
    </RealtimeSource>
  )
}

function DefaultMessage({ message, info }: { message: ChatMessage; info: ChatMessageInfo }): ReactNode {
  return (
    <>
      <span className="rrk-chat__meta">
        <span className="rrk-chat__user">{info.own ? `${message.user} (you)` : message.user}</span>
        <TimeLabel className="rrk-chat__time" time={message.time} />
      </span>
      <span className="rrk-chat__text">{message.text}</span>
    </>
  )
}

const STATE_TEXT: Record<Exclude<ChatMessageState, 'received'>, string> = {
  pending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
}

function describeIncoming(entries: readonly ChatEntry[]): (added: number) => string {
  return (added) => {
    const last = entries[entries.length - 1]
    if (added === 1 && last && !last.own) return `${last.message.user}: ${clip(last.message.text)}`
    return countOf(added, 'new message', 'new messages')
  }
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

const describeFailures = (added: number): string => (added === 1 ? 'A message was not sent' : `${added} messages were not sent`)

/** `<Chat>` for a hook result. */
export function ChatView({
  source,
  user,
  sendUrl,
  sendMessage,
  fetch: fetchProp,
  clientId: clientIdProp,
  max: maxProp,
  ackTimeoutMs: ackProp,
  maxLength = DEFAULT_MAX_LENGTH,
  parse = toChatMessage,
  renderMessage,
  label = 'Chat',
  placeholder = 'Write a message',
  announceEveryMs = DEFAULT_ANNOUNCE_EVERY_MS,
  labels,
  className,
}: ChatOwnProps & { source: SourceResult<ChatOutgoing> }): ReactElement {
  const [generatedId] = useState(createClientId)
  const clientId = clientIdProp ?? generatedId
  const max = positiveInt(maxProp, DEFAULT_MAX)
  const ackTimeoutMs = positiveInt(ackProp, DEFAULT_ACK_TIMEOUT_MS)
  const [state, dispatch] = useSourceReducer(
    source,
    initialChatState,
    (current, messages) => receiveMessages(current, messages, parse, clientId, max),
    chatReducer,
  )
  const [draft, setDraft] = useState('')
  const inputId = useId()
  const nextLocalId = useRef(1)
  const inFlight = useRef(new Set<AbortController>())

  // In-flight POSTs end with the component.
  useEffect(() => {
    const requests = inFlight.current
    return () => {
      for (const controller of requests) controller.abort()
      requests.clear()
    }
  }, [])

  // Sends without an echo in time (pending or sent) become failed, so they can be retried.
  const expiry = nextExpiry(state.outbox, ackTimeoutMs)
  useEffect(() => {
    if (expiry === undefined) return
    // A timer may fire a little before Date.now() reaches `expiry` (or the clock was set
    // back): it still expires what it was set for, else nothing would change and no new
    // timer would start.
    const handle = setTimeout(
      () => dispatch({ type: 'expire', now: Math.max(Date.now(), expiry), ackTimeoutMs }),
      Math.max(0, expiry - Date.now()),
    )
    return () => clearTimeout(handle)
  }, [expiry, ackTimeoutMs, dispatch])

  const deliver = (localId: number, text: string): void => {
    const message: ChatOutgoing = { user, text, clientId }
    const fail = (reason: string): void => dispatch({ type: 'failed', localId, reason })
    if (sendMessage) {
      let result: Promise<unknown> | boolean
      try {
        result = sendMessage(message)
      } catch (error) {
        fail(reasonOf(error))
        return
      }
      if (typeof result === 'boolean') {
        if (result) dispatch({ type: 'sent', localId })
        else fail('The message was refused')
        return
      }
      result.then(
        () => dispatch({ type: 'sent', localId }),
        (error: unknown) => fail(reasonOf(error)),
      )
      return
    }
    if (source.send) {
      // Queued while reconnecting; it stays pending until the server echoes it.
      if (!source.send(message)) fail('Not connected')
      return
    }
    if (sendUrl === undefined) {
      fail('No way to send: pass sendUrl (or use transport "websocket")')
      return
    }
    post(sendUrl, message, fetchProp ?? globalThis.fetch, inFlight.current).then(
      () => dispatch({ type: 'sent', localId }),
      (error: unknown) => fail(reasonOf(error)),
    )
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    const text = draft.trim()
    if (text === '') return
    const localId = nextLocalId.current++
    dispatch({ type: 'queue', localId, text, at: timestamp(), max })
    setDraft('')
    deliver(localId, text)
  }

  const retry = (entry: OutboxEntry): void => {
    dispatch({ type: 'retry', localId: entry.localId, at: timestamp() })
    deliver(entry.localId, entry.text)
  }

  const total = state.entries.length + state.outbox.length
  const { viewportRef, onScroll, unseen, jumpToNewest } = useFollowNewest<HTMLOListElement>('newest-last', state.received + state.outbox.length)
  const incoming = useBatchedAnnouncement(state.fromOthers, describeIncoming(state.entries), announceEveryMs)
  const failures = useBatchedAnnouncement(state.failures, describeFailures, announceEveryMs > 0 ? 500 : 0)
  const render = (message: ChatMessage, info: ChatMessageInfo): ReactNode =>
    renderMessage ? renderMessage(message, info) : <DefaultMessage message={message} info={info} />

  return (
    <section className={cx('rrk', 'rrk-chat', className)} data-status={source.status} aria-label={label}>
      <div className="rrk-header">
        <ConnectionStatusView source={source} labels={labels} />
      </div>
      <ProblemNote skipped={state.skipped} lastProblem={state.lastProblem} hookError={source.error} />
      <div className="rrk-chat__body">
        {total === 0 ? (
          <p className="rrk-empty">{emptyText(source.status)}</p>
        ) : (
          <ol className="rrk-chat__messages" ref={viewportRef} onScroll={onScroll} tabIndex={0} aria-label="Messages">
            {state.entries.map((entry) => (
              <li key={entry.key} className="rrk-chat__message" data-own={entry.own ? 'true' : undefined}>
                {render(entry.message, { own: entry.own, state: 'received' })}
              </li>
            ))}
            {state.outbox.map((entry) => (
              <li key={`local:${entry.localId}`} className="rrk-chat__message" data-own="true" data-state={entry.state}>
                {render({ user, text: entry.text, clientId }, { own: true, state: entry.state })}
                <span className="rrk-chat__state">
                  {STATE_TEXT[entry.state]}
                  {entry.reason !== undefined && `: ${entry.reason}`}
                </span>
                {entry.state === 'failed' && (
                  <span className="rrk-chat__actions">
                    <button
                      type="button"
                      className="rrk-button"
                      aria-label={`Retry sending “${clip(entry.text)}”`}
                      onClick={() => retry(entry)}
                    >
                      Retry
                    </button>
                    <button
                      type="button"
                      className="rrk-button rrk-button--quiet"
                      aria-label={`Discard “${clip(entry.text)}”`}
                      onClick={() => dispatch({ type: 'discard', localId: entry.localId })}
                    >
                      Discard
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
        {unseen > 0 && (
          <button type="button" className="rrk-button rrk-chat__new" onClick={jumpToNewest}>
            {countOf(unseen, 'new message', 'new messages')}
          </button>
        )}
      </div>
      <form className="rrk-chat__composer" onSubmit={onSubmit}>
        <label htmlFor={inputId} className="rrk-visually-hidden">
          Message
        </label>
        <input
          id={inputId}
          className="rrk-input"
          type="text"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          maxLength={maxLength}
          placeholder={placeholder}
          autoComplete="off"
        />
        <button type="submit" className="rrk-button rrk-button--primary" disabled={draft.trim() === ''}>
          Send
        </button>
      </form>
      <LiveText>{incoming}</LiveText>
      <LiveText>{failures}</LiveText>
    </section>
  )
}

/** Epoch ms for the event handlers above: the purity lint cannot tell them from render code. */
function timestamp(): number {
  return Date.now()
}

function emptyText(status: Status): string {
  if (status === 'connecting' || status === 'reconnecting') return 'Connecting to the chat…'
  if (status === 'failed') return 'The chat is not available.'
  return 'No messages yet. Say hello!'
}

async function post(
  url: string,
  message: ChatOutgoing,
  fetchImpl: typeof fetch | undefined,
  inFlight: Set<AbortController>,
): Promise<void> {
  if (typeof fetchImpl !== 'function') throw new Error('fetch is not available')
  const controller = new AbortController()
  inFlight.add(controller)
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(message),
      signal: controller.signal,
    })
    if (!response.ok) throw new Error(`The server answered ${response.status}`)
  } finally {
    inFlight.delete(controller)
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message
  return 'The message could not be sent'
}
