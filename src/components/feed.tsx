import { useCallback, type ReactNode, type ReactElement } from 'react'
import type { RealtimeError, Status } from '../core/types'
import { ConnectionStatusView } from './connection-status'
import { cx } from './cx'
import { asParseError } from './errors'
import { LiveText } from './live-text'
import { toFeedItem } from './normalize'
import { countOf } from './plural'
import { ProblemNote } from './problem-note'
import { RealtimeSource } from './realtime-source'
import type { StatusLabels } from './status-text'
import { TimeLabel } from './time-label'
import type { DataSourceProps, FeedItem, SourceResult } from './types'
import { useBatchedAnnouncement } from './use-batched-announcement'
import { useFollowNewest, type Order } from './use-follow-newest'
import { useSourceReducer } from './use-source-reducer'
import { positiveInt } from './option-numbers'
import { upsertKeyed } from './keyed-entries'
import { DEFAULT_FEED_MAX } from './feed-max'

export { DEFAULT_FEED_MAX }
const DEFAULT_ANNOUNCE_EVERY_MS = 5000

export interface FeedItemInfo {
  /** Stable React key: the item's `id`, else its arrival number. */
  key: string
  /** The message as the hook delivered it, before `parse`. */
  message: unknown
}

export interface FeedOwnProps {
  /** Where new items go. Default 'newest-first'. */
  order?: Order
  /** How many items to keep. Default 50. */
  max?: number
  /** Turns a message into a feed item; throw to skip it (it is counted and reported). */
  parse?: (message: unknown) => FeedItem
  /** Renders one item inside its `<li>`. */
  renderItem?: (item: FeedItem, info: FeedItemInfo) => ReactNode
  /** Shown while there are no items. */
  renderEmpty?: (status: Status) => ReactNode
  /** Shown when the connection failed; `retry` reconnects. */
  renderError?: (error: RealtimeError | undefined, retry: () => void) => ReactNode
  /** Accessible name of the feed. Default "Live feed". */
  label?: string
  /** Screen readers hear "N new items" at most this often. Default 5000; 0 turns it off. */
  announceEveryMs?: number
  labels?: Partial<StatusLabels>
  className?: string
}

export type FeedProps = DataSourceProps & FeedOwnProps

/** A live list of incoming items. */
export function Feed(props: FeedProps): ReactElement {
  const { source, url, transport, options, endpoints, ...own } = props
  const max = positiveInt(own.max, DEFAULT_FEED_MAX)
  return (
    <RealtimeSource props={{ source, url, transport, options, endpoints } as DataSourceProps} defaults={{ history: max }}>
      {(result) => <FeedView {...own} source={result} />}
    </RealtimeSource>
  )
}

interface FeedEntry {
  key: string
  item: FeedItem
  message: unknown
}

interface FeedState {
  /** Oldest first, at most `max`. */
  entries: readonly FeedEntry[]
  /** Items added so far (updates of an existing `id` not counted). */
  total: number
  skipped: number
  lastProblem: RealtimeError | undefined
}

const initialState = (): FeedState => ({ entries: [], total: 0, skipped: 0, lastProblem: undefined })

function addMessages(
  state: FeedState,
  messages: readonly unknown[],
  parse: (message: unknown) => FeedItem,
  max: number,
): FeedState {
  let entries = [...state.entries]
  let { total, skipped, lastProblem } = state
  for (const message of messages) {
    let item: FeedItem
    try {
      item = parse(message)
    } catch (error) {
      skipped += 1
      lastProblem = asParseError(error)
      continue
    }
    if (upsertKeyed(entries, item.id, total, (key) => ({ key, item, message }))) total += 1
  }
  if (entries.length > max) entries = entries.slice(entries.length - max)
  return { entries, total, skipped, lastProblem }
}

function DefaultFeedItem({ item }: { item: FeedItem }): ReactNode {
  return (
    <>
      {item.title !== undefined && <span className="rrk-feed__title">{item.title}</span>}
      {item.text !== undefined && <span className="rrk-feed__text">{item.text}</span>}
      <TimeLabel className="rrk-feed__time" time={item.time} />
    </>
  )
}

function defaultEmpty(status: Status): ReactNode {
  return status === 'connecting' || status === 'reconnecting' ? 'Waiting for the first item…' : 'No items yet.'
}

function defaultError(error: RealtimeError | undefined, retry: () => void): ReactNode {
  return (
    <>
      <span>The feed could not be loaded{error ? `: ${error.message}` : '.'}</span>
      <button type="button" className="rrk-button" onClick={retry}>
        Try again
      </button>
    </>
  )
}

const describeNewItems = (added: number): string => countOf(added, 'new item', 'new items')

/** `<Feed>` for a hook result. */
export function FeedView({
  source,
  order = 'newest-first',
  max: maxProp,
  parse = toFeedItem,
  renderItem,
  renderEmpty = defaultEmpty,
  renderError = defaultError,
  label = 'Live feed',
  announceEveryMs = DEFAULT_ANNOUNCE_EVERY_MS,
  labels,
  className,
}: FeedOwnProps & { source: SourceResult<never> }): ReactElement {
  const max = positiveInt(maxProp, DEFAULT_FEED_MAX)
  const [state] = useSourceReducer(source, initialState, (current, messages) =>
    addMessages(current, messages, parse, max),
  )
  const { viewportRef, onScroll, unseen, jumpToNewest } = useFollowNewest<HTMLOListElement>(order, state.total)
  const announcement = useBatchedAnnouncement(state.total, describeNewItems, announceEveryMs)
  const retry = useCallback(() => source.reconnect(), [source])

  // A smaller `max` applies at once, not only when the next message arrives.
  const kept = state.entries.length > max ? state.entries.slice(state.entries.length - max) : state.entries
  const ordered = order === 'newest-first' ? [...kept].reverse() : kept
  const unseenShown = Math.min(unseen, kept.length)
  const newButton = unseen > 0 && (
    <button type="button" className="rrk-button rrk-feed__new" onClick={jumpToNewest}>
      {describeNewItems(unseenShown)}
      {unseen > unseenShown ? '+' : ''}
    </button>
  )

  return (
    <section className={cx('rrk', 'rrk-feed', className)} data-status={source.status} data-order={order} aria-label={label}>
      <div className="rrk-header">
        <ConnectionStatusView source={source} labels={labels} />
      </div>
      <ProblemNote skipped={state.skipped} lastProblem={state.lastProblem} hookError={source.error} />
      {source.status === 'failed' && <div className="rrk-error">{renderError(source.error, retry)}</div>}
      <div className="rrk-feed__body">
        {order === 'newest-first' && newButton}
        {ordered.length === 0 ? (
          <p className="rrk-empty">{renderEmpty(source.status)}</p>
        ) : (
          <ol className="rrk-feed__list" ref={viewportRef} onScroll={onScroll} tabIndex={0} aria-label={`${label} items`}>
            {ordered.map((entry) => (
              <li key={entry.key} className="rrk-feed__item">
                {renderItem ? renderItem(entry.item, { key: entry.key, message: entry.message }) : <DefaultFeedItem item={entry.item} />}
              </li>
            ))}
          </ol>
        )}
        {order === 'newest-last' && newButton}
      </div>
      <LiveText>{announcement}</LiveText>
    </section>
  )
}
