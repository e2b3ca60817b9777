import { useCallback, useReducer } from 'react'

/** The part of a hook result that carries messages. */
export interface MessageInput {
  messages: readonly unknown[]
  lastMessage: unknown
}

const EMPTY_INPUT: MessageInput = { messages: [], lastMessage: undefined }

/**
 * The messages in `next` that were not in `prev`. `messages` is a sliding window
 * of the stream (oldest first), so the new ones are what follows the longest
 * overlap of `prev`'s tail with `next`, compared by identity (equal strings in a
 * full window that repeats with a period are the one ambiguous case). A source without
 * `history` has no window: its `lastMessage` counts as new when it changes.
 */
export function appendedSince(prev: MessageInput, next: MessageInput): readonly unknown[] {
  if (next.messages.length === 0) {
    return next.lastMessage !== undefined && next.lastMessage !== prev.lastMessage ? [next.lastMessage] : []
  }
  if (next.messages === prev.messages) return []
  const before = prev.messages
  if (before.length === 0) return next.messages
  const last = before[before.length - 1]
  // A window only grows by appending, so it gained at least the difference in length.
  const least = Math.max(0, next.messages.length - before.length)
  for (let i = next.messages.length - 1 - least; i >= 0; i--) {
    if (next.messages[i] === last && tailMatches(before, next.messages, i)) return next.messages.slice(i + 1)
  }
  // No overlap: the window moved past everything seen (a burst larger than `history`, or a new url).
  return next.messages
}

function tailMatches(before: readonly unknown[], after: readonly unknown[], end: number): boolean {
  for (let k = 1; k <= end && k < before.length; k++) {
    if (after[end - k] !== before[before.length - 1 - k]) return false
  }
  return true
}

interface Internal<S> {
  input: MessageInput
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
  const [state, dispatch] = useReducer(
    (current: Internal<S>, action: InternalAction<A>): Internal<S> => {
      if (action.kind === 'action') {
        return onAction ? { input: current.input, value: onAction(current.value, action.action) } : current
      }
      if (sameInput(current.input, action.input)) return current
      const appended = appendedSince(current.input, action.input)
      return { input: action.input, value: appended.length > 0 ? onMessages(current.value, appended) : current.value }
    },
    undefined,
    (): Internal<S> => {
      const input = pick(source)
      const appended = appendedSince(EMPTY_INPUT, input)
      return { input, value: appended.length > 0 ? onMessages(init(), appended) : init() }
    },
  )
  if (!sameInput(state.input, source)) {
    // React's "adjust state while rendering" pattern: it re-renders at once, before committing.
    dispatch({ kind: 'input', input: pick(source) })
  }
  // Stable, so effects that list it (Chat's expiry timer) do not re-run on every render.
  const act = useCallback((action: A) => dispatch({ kind: 'action', action }), [])
  return [state.value, act]
}

function pick(source: MessageInput): MessageInput {
  return { messages: source.messages, lastMessage: source.lastMessage }
}

function sameInput(a: MessageInput, b: MessageInput): boolean {
  return a.messages === b.messages && a.lastMessage === b.lastMessage
}
