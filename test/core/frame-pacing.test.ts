// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { FRAME_MS, nextPublishGap } from '../../src/core/frame-pacing'

/** The gap after a run of frames of the given lengths, from 0. */
function gapAfter(frames: readonly number[]): number {
  return frames.reduce(nextPublishGap, 0)
}

const onTime = (count: number): number[] => Array.from({ length: count }, () => FRAME_MS)

describe('nextPublishGap', () => {
  it('stays at 0 (every frame) while frames are on time, jitter up to 20 ms included', () => {
    expect(gapAfter(onTime(100))).toBe(0)
    expect(gapAfter([19, 20, 19])).toBe(0)
  })

  it('a late frame sets the gap to 2.5 times its length', () => {
    expect(gapAfter([21])).toBeCloseTo(52.5)
    expect(gapAfter([24])).toBe(60)
  })

  it('late frames in a row add a frame each, to four frames at most', () => {
    expect(gapAfter([21, 21])).toBeCloseTo(4 * FRAME_MS)
    expect(gapAfter([21, 21, 21, 21, 21, 21])).toBeCloseTo(4 * FRAME_MS)
  })

  it('each on-time frame takes an eighth of a frame off, back to 0', () => {
    expect(gapAfter([24, FRAME_MS])).toBeCloseTo(60 - FRAME_MS / 8)
    // 60 ms is 3.6 frames: 29 on-time frames (under half a second) bring it to 0.
    expect(gapAfter([24, ...onTime(28)])).toBeGreaterThan(0)
    expect(gapAfter([24, ...onTime(29)])).toBe(0)
  })

  it('in a flood (frames slower than four frames) waits 2.5 frames, never more than 250 ms', () => {
    expect(nextPublishGap(0, 80)).toBe(200)
    expect(nextPublishGap(0, 400)).toBe(250)
  })

  it('after a flood, the first on-time frame brings the gap back under four frames', () => {
    expect(nextPublishGap(250, FRAME_MS)).toBeCloseTo(4 * FRAME_MS - FRAME_MS / 8)
  })
})
