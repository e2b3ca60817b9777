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
    let gaps = 0
    let worst = 0
    for (let i = 1; i < frames.length; i++) {
      const gap = (frames[i] as number) - (frames[i - 1] as number)
      worst = Math.max(worst, gap)
      if (gap > 1.5 * (1000 / 60)) gaps += 1
    }
    finish({ frames: frames.length, ms, droppedFrames: gaps, worstFrameGapMs: worst })
  }
  requestAnimationFrame(tick)
}
