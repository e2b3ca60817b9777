import { frameGaps } from './frame-gaps'
import { finish } from './report'

/** Frames of an idle page for `ms`: what this browser on this machine manages with nothing to do. */
export function measureIdleFrames(ms: number): void {
  const frames: number[] = []
  const startedAt = performance.now()
  const tick = (time: number): void => {
    frames.push(time)
    if (time - startedAt < ms) {
      requestAnimationFrame(tick)
      return
    }
    const { dropped, worstGap } = frameGaps(frames)
    finish({ frames: frames.length, ms, droppedFrames: dropped, worstFrameGapMs: worstGap })
  }
  requestAnimationFrame(tick)
}
