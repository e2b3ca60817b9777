import { describe, expect, it } from 'vitest'
import { appendedSince } from '../../src/components/use-source-reducer'

const a = { n: 1 }
const b = { n: 2 }
const c = { n: 3 }
const d = { n: 4 }

describe('appendedSince', () => {
  it('finds what a sliding window gained', () => {
    expect(appendedSince({ messages: [a, b], lastMessage: b }, { messages: [b, c, d], lastMessage: d })).toEqual([c, d])
    expect(appendedSince({ messages: [a, b], lastMessage: b }, { messages: [a, b, c], lastMessage: c })).toEqual([c])
  })

  it('finds nothing in the same window', () => {
    const messages = [a, b]
    expect(appendedSince({ messages, lastMessage: b }, { messages, lastMessage: b })).toEqual([])
    expect(appendedSince({ messages, lastMessage: b }, { messages: [a, b], lastMessage: b })).toEqual([])
  })

  it('takes the whole window when it moved past everything seen', () => {
    expect(appendedSince({ messages: [a, b], lastMessage: b }, { messages: [c, d], lastMessage: d })).toEqual([c, d])
  })

  it('tells repeated equal strings apart by the overlap, not only the last one', () => {
    expect(appendedSince({ messages: ['x', 'y'], lastMessage: 'y' }, { messages: ['x', 'y', 'x', 'y'], lastMessage: 'y' })).toEqual([
      'x',
      'y',
    ])
  })

  it('uses lastMessage when the hook keeps no history', () => {
    expect(appendedSince({ messages: [], lastMessage: a }, { messages: [], lastMessage: b })).toEqual([b])
    expect(appendedSince({ messages: [], lastMessage: a }, { messages: [], lastMessage: a })).toEqual([])
    expect(appendedSince({ messages: [], lastMessage: a }, { messages: [], lastMessage: undefined })).toEqual([])
  })
})
