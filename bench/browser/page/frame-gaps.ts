const FRAME_MS = 1000 / 60
/** A frame counts as dropped when the gap to the previous one exceeds 1.5 frames at 60 Hz. */
const DROPPED_GAP_MS = 1.5 * FRAME_MS

/**
 * What a list of animation-frame times says: gaps over DROPPED_GAP_MS, the 60 Hz
 * frames those gaps skipped, and the worst gap.
 */
export function frameGaps(frames: readonly number[]): { dropped: number; missedFrames: number; worstGap: number } {
  let dropped = 0
  let missedFrames = 0
  let worstGap = 0
  for (let i = 1; i < frames.length; i++) {
    const gap = (frames[i] as number) - (frames[i - 1] as number)
    worstGap = Math.max(worstGap, gap)
    if (gap > DROPPED_GAP_MS) {
      dropped += 1
      missedFrames += Math.round(gap / FRAME_MS) - 1
    }
  }
  return { dropped, missedFrames, worstGap }
}
