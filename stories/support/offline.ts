/**
 * Makes the page look offline to the hooks (navigator.onLine + the `offline`
 * event) and returns a function that brings it back online.
 */
export function goOffline(): () => void {
  const own = Object.getOwnPropertyDescriptor(navigator, 'onLine')
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false })
  window.dispatchEvent(new Event('offline'))
  let restored = false
  return () => {
    if (restored) return
    restored = true
    if (own) Object.defineProperty(navigator, 'onLine', own)
    else delete (navigator as { onLine?: boolean }).onLine
    window.dispatchEvent(new Event('online'))
  }
}
