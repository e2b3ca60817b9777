import type { ReactNode } from 'react'

/** A polite live region that is read out but not shown. */
export function LiveText({ children }: { children: string }): ReactNode {
  return (
    <div className="rrk-visually-hidden" aria-live="polite" aria-atomic="true">
      {children}
    </div>
  )
}
