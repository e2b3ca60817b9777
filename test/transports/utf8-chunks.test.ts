import { afterEach, describe, expect, it, vi } from 'vitest'
import { createUtf8ChunkDecoder } from '../../src/core/transports/utf8-chunks'

const encode = (text: string): Uint8Array => new TextEncoder().encode(text)
const BOM = [0xef, 0xbb, 0xbf]

/** Every character width, a BOM in the middle, and invalid bytes (a bad continuation, lone and overlong leads, a surrogate); ends in ASCII. */
const MIXED = Uint8Array.from([
  ...encode('a é € 😀 '),
  ...BOM,
  0xe0, 0x80, 0x41, 0xc0, 0xff, 0xf0, 0x90, 0x80, 0x42, 0xed, 0xa0, 0x80, 0xc3,
  ...encode('z\n'),
])

/** What a streaming decode gives for the whole input: the text every cut must give. */
const expected = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)

function decodeInPieces(bytes: Uint8Array, cuts: readonly number[]): string {
  const decode = createUtf8ChunkDecoder()
  const points = [0, ...cuts, bytes.length]
  return points.slice(1).map((end, index) => decode(bytes.subarray(points[index], end))).join('')
}

/** A small seeded generator, so that a failing cut can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('createUtf8ChunkDecoder', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('gives the text of a streaming decode wherever the chunks are cut (one cut)', () => {
    for (let cut = 0; cut <= MIXED.length; cut++) {
      expect(decodeInPieces(MIXED, [cut]), `cut at ${cut}`).toBe(expected(MIXED))
    }
  })

  it('gives the text of a streaming decode for byte-at-a-time and random cuts', () => {
    expect(decodeInPieces(MIXED, Array.from({ length: MIXED.length - 1 }, (_, index) => index + 1))).toBe(expected(MIXED))
    const next = random(7)
    for (let round = 0; round < 200; round++) {
      const cuts = Array.from({ length: 4 }, () => Math.floor(next() * MIXED.length)).sort((a, b) => a - b)
      expect(decodeInPieces(MIXED, cuts), `cuts ${cuts.join(',')}`).toBe(expected(MIXED))
    }
  })

  it('holds back a character cut by the end of a chunk and gives it with the next', () => {
    const decode = createUtf8ChunkDecoder()
    const smile = encode('😀')
    expect([decode(encode('a')), decode(smile.subarray(0, 1)), decode(smile.subarray(1, 3)), decode(Uint8Array.of(...smile.subarray(3), 0x62))]).toEqual(['a', '', '', '😀b'])
  })

  it('keeps a byte order mark at the start of any chunk (the SSE parser strips the first)', () => {
    const decode = createUtf8ChunkDecoder()
    expect([decode(Uint8Array.of(...BOM, 0x61)), decode(Uint8Array.of(...BOM, 0x62))]).toEqual(['\uFEFFa', '\uFEFFb'])
  })

  it('decodes ASCII chunks in one-shot calls and streams after a chunk with other characters (Node is faster so)', () => {
    const decodeSpy = vi.spyOn(TextDecoder.prototype, 'decode')
    const [e1 = 0, e2 = 0] = encode('é')
    const pieces = [encode('ab\n'), encode('cd\n'), encode('é\n'), encode('ef\n'), encode('gh\n'), Uint8Array.of(0x78, e1), Uint8Array.of(e2, 0x0a), encode('ij\n'), new Uint8Array(0), encode('kl\n')]
    const decode = createUtf8ChunkDecoder()
    expect(pieces.map((piece) => decode(piece)).join('')).toBe('ab\ncd\né\nef\ngh\nxé\nij\nkl\n')
    // Judged by the chunk before: é makes the next chunk stream; an ASCII chunk makes the next one-shot.
    expect(decodeSpy.mock.calls.map(([, options]) => (options?.stream === true ? 'stream' : 'one-shot'))).toEqual([
      'one-shot', 'one-shot', 'one-shot', 'stream', 'one-shot', 'stream', 'stream', 'stream', 'one-shot',
    ])
  })
})
