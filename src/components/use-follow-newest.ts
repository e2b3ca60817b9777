import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react'

/** How close to the newest edge still counts as "at the newest item". */
const EDGE_PX = 24

export type Order = 'newest-first' | 'newest-last'

export interface FollowNewest<E extends HTMLElement> {
  viewportRef: RefObject<E | null>
  onScroll: () => void
  /** Items that arrived since the user scrolled away from the newest edge. */
  unseen: number
  /** Scrolls to the newest item and moves focus to the list. */
  jumpToNewest: () => void
}

/**
 * Keeps a scrolling list at its newest edge while the user is there, and counts
 * what arrives once they scroll away, for an "N new items" button.
 * `total` is a running count of items added.
 */
export function useFollowNewest<E extends HTMLElement>(order: Order, total: number): FollowNewest<E> {
  const viewportRef = useRef<E | null>(null)
  // The total at the moment the user left the newest edge; null while following.
  const [awaySince, setAwaySince] = useState<number | null>(null)

  const onScroll = useCallback(() => {
    const viewport = viewportRef.current
    if (!viewport) return
    const atNewest = isAtNewest(viewport, order)
    setAwaySince((since) => (atNewest ? null : (since ?? total)))
  }, [order, total])

  useLayoutEffect(() => {
    const viewport = viewportRef.current
    if (viewport && awaySince === null) scrollToNewest(viewport, order)
  }, [total, awaySince, order])

  const jumpToNewest = useCallback(() => {
    const viewport = viewportRef.current
    setAwaySince(null)
    if (!viewport) return
    scrollToNewest(viewport, order)
    viewport.focus({ preventScroll: true })
  }, [order])

  return { viewportRef, onScroll, unseen: awaySince === null ? 0 : Math.max(0, total - awaySince), jumpToNewest }
}

function isAtNewest(viewport: HTMLElement, order: Order): boolean {
  if (order === 'newest-first') return viewport.scrollTop <= EDGE_PX
  return viewport.scrollHeight - viewport.scrollTop - viewport.clientHeight <= EDGE_PX
}

function scrollToNewest(viewport: HTMLElement, order: Order): void {
  viewport.scrollTop = order === 'newest-first' ? 0 : viewport.scrollHeight
}
