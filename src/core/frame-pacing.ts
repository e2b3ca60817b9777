/** One animation frame at 60 Hz. */
export const FRAME_MS = 1000 / 60
/** A frame longer than this (20 ms) means the page has more to do than it can draw. */
const LATE_MS = 1.2 * FRAME_MS
/** Late frames in a row push the gap up a frame at a time, to four frames at most… */
const BUSY_GAP_MS = 4 * FRAME_MS
/** …and a slow frame sets it to 2.5 times its own length, so rendering keeps under half the time… */
const SLOW_FRAME_FACTOR = 2.5
/** …but never to fewer than four publishes a second. */
const MAX_GAP_MS = 250

/**
 * The least time between two publishes at renderRate 'frame', after a frame that
 * lasted `frameMs`. While frames run late the page has more to do than it can draw,
 * so React renders less often and the time goes to the messages; each on-time frame
 * takes an eighth of a frame off, so a page that keeps up is back to every frame
 * within a fraction of a second. Nothing is dropped: a publish just carries more.
 */
export function nextPublishGap(gap: number, frameMs: number): number {
  if (frameMs <= LATE_MS) return Math.max(0, Math.min(gap, BUSY_GAP_MS) - FRAME_MS / 8)
  return Math.max(Math.min(gap + FRAME_MS, BUSY_GAP_MS), Math.min(SLOW_FRAME_FACTOR * frameMs, MAX_GAP_MS))
}
