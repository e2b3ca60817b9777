import { useCallback, useReducer } from 'react'

/** The part of a hook result that carries messages. */
export interface MessageInput {
  messages: readonly unknown[]
  lastMessage: unknown
  /** Messages delivered since the hook started; +1 per message. */
  received: number
}

/**
 * The messages of `next` that arrived after the first `seen` of its stream. They are
 * counted, never compared: equal values (a window of "ping"s) are still new messages.
 * `messages` is a sliding window (oldest first), so they are its last
 * `received - seen` items, as many as it still holds. A source without `history` has
 * no window: then only `lastMessage` is left of them. A count that went down belongs
 * to another stream (a different hook result passed as `source`): all of it is new.
 */
export function newMessages(seen: number, next: MessageInput): readonly unknown[] {
  const count = next.received < seen ? next.received : next.received - seen
  if (count <= 0) return []
  if (next.messages.length > 0) return next.messages.slice(-Math.min(count, next.messages.length))
  return next.lastMessage === undefined ? [] : [next.lastMessage]
}

interface Internal<S> {
  /** `received` of the source when its messages were last folded in. */
  seen: number
  value: S
}

type InternalAction<A> = { kind: 'input'; input: MessageInput } | { kind: 'action'; action: A }

/**
 * State built up from every message a source delivers (each one seen once,
 * however many arrive between two renders), plus the component's own actions.
 * The reducers must be pure: React may call them twice in StrictMode.
 */
export function useSourceReducer<S, A = never>(
  source: MessageInput,
  init: () => S,
  onMessages: (state: S, messages: readonly unknown[]) => S,
  onAction?: (state: S, action: A) => S,
): [S, (action: A) => void] {
  const fold = (value: S, seen: number, input: MessageInput): Internal<S> => {
    const added = newMessages(seen, input)
    return { seen: input.received, value: added.length > 0 ? onMessages(value, added) : value }
  }
  const [state, dispatch] = useReducer(
    (current: Internal<S>, action: InternalAction<A>): Internal<S> => {
      if (action.kind === 'action') {
        return onAction ? { seen: current.seen, value: onAction(current.value, action.action) } : current
      }
      return action.input.received === current.seen ? current : fold(current.value, current.seen, action.input)
    },
    undefined,
    (): Internal<S> => fold(init(), 0, source),
  )
  if (source.received !== state.seen) {
    // React's "adjust state while rendering" pattern: it re-renders at once, before committing.
    dispatch({ kind: 'input', input: { messages: source.messages, lastMessage: source.lastMessage, received: source.received } })
  }
  // Stable, so effects that list it (Chat's expiry timer) do not re-run on every render.
  const act = useCallback((action: A) => dispatch({ kind: 'action', action }), [])
  return [state.value, act]
}
