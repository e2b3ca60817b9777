import { useInsertionEffect, useRef } from 'react'

/**
 * A ref that always holds the value of the latest committed render, so callbacks read
 * from it are never stale and a new function identity does not reconnect anything.
 * Insertion effects run before any other effect and do not warn during server rendering.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value)
  useInsertionEffect(() => {
    ref.current = value
  })
  return ref
}
