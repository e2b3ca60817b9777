import { describe, expect, it } from 'vitest'
import { newMessages } from '../../src/components/use-source-reducer'

const a = { n: 1 }
const b = { n: 2 }
const c = { n: 3 }
const d = { n: 4 }

describe('newMessages', () => {
  it('takes as many of the window’s last messages as the count grew', () => {
    expect(newMessages(2, { messages: [b, c, d], lastMessage: d, received: 4 })).toEqual([c, d])
    expect(newMessages(2, { messages: [a, b, c], lastMessage: c, received: 3 })).toEqual([c])
  })

  it('finds nothing while the count stays, whatever the window holds', () => {
    expect(newMessages(2, { messages: [a, b], lastMessage: b, received: 2 })).toEqual([])
    // A history resize or a cleared window (new url) delivers nothing by itself.
    expect(newMessages(2, { messages: [], lastMessage: undefined, received: 2 })).toEqual([])
  })

  it('tells identical messages apart by count, not by value', () => {
    const pings = ['ping', 'ping', 'ping']
    expect(newMessages(3, { messages: pings, lastMessage: 'ping', received: 4 })).toEqual(['ping'])
    expect(newMessages(3, { messages: pings, lastMessage: 'ping', received: 5 })).toEqual(['ping', 'ping'])
  })

  it('takes the whole window when more arrived than it holds', () => {
    expect(newMessages(2, { messages: [c, d], lastMessage: d, received: 10 })).toEqual([c, d])
  })

  it('uses lastMessage when the hook keeps no history', () => {
    expect(newMessages(1, { messages: [], lastMessage: b, received: 2 })).toEqual([b])
    expect(newMessages(1, { messages: [], lastMessage: a, received: 2 })).toEqual([a])
    expect(newMessages(1, { messages: [], lastMessage: a, received: 1 })).toEqual([])
    expect(newMessages(1, { messages: [], lastMessage: undefined, received: 2 })).toEqual([])
  })

  it('treats a count that went down as another stream, all of it new', () => {
    expect(newMessages(50, { messages: [c, d], lastMessage: d, received: 1 })).toEqual([d])
    expect(newMessages(50, { messages: [c, d], lastMessage: d, received: 2 })).toEqual([c, d])
    expect(newMessages(50, { messages: [], lastMessage: d, received: 3 })).toEqual([d])
    expect(newMessages(50, { messages: [], lastMessage: undefined, received: 0 })).toEqual([])
  })
})
