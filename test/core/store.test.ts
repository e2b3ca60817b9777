import { describe, expect, it, vi } from 'vitest'
import { createListenerList, createStore } from '../../src/core/store'
import { reportedErrorsForEachTest } from '../helpers/reported-errors'

const reported = reportedErrorsForEachTest()

describe('createStore', () => {
  it('publishes a new value to its listeners, unless `same` says nothing changed', () => {
    const store = createStore({ n: 1 }, (next, previous) => next.n === previous.n)
    const heard = vi.fn()
    store.subscribe(heard)
    const first = store.getSnapshot()
    expect(store.set({ n: 1 })).toBe(false)
    expect(heard).not.toHaveBeenCalled()
    expect(store.getSnapshot()).toBe(first)
    expect(store.set({ n: 2 })).toBe(true)
    expect(heard).toHaveBeenCalledTimes(1)
    expect(store.getSnapshot()).toEqual({ n: 2 })
  })

  it('compares by identity by default', () => {
    const store = createStore<object>({})
    const heard = vi.fn()
    store.subscribe(heard)
    store.set(store.getSnapshot())
    store.set({})
    expect(heard).toHaveBeenCalledTimes(1)
  })

  it('reports a listener that throws, and the others still hear the change', () => {
    const store = createStore(0)
    const failure = new Error('listener bug')
    const after = vi.fn()
    store.subscribe(() => {
      throw failure
    })
    store.subscribe(after)
    store.set(1)
    expect(reported).toEqual([failure])
    expect(after).toHaveBeenCalledTimes(1)
  })

  it('keeps a listener added twice once, as a Set does: either unsubscribe removes it', () => {
    const store = createStore(0)
    const heard = vi.fn()
    const first = store.subscribe(heard)
    const second = store.subscribe(heard)
    store.set(1)
    expect(heard).toHaveBeenCalledTimes(1)
    first()
    store.set(2)
    expect(heard).toHaveBeenCalledTimes(1)
    second()
    first()
    expect(() => store.set(3)).not.toThrow()
  })

  it('invalidate: listeners hear at once, the value is computed on the next read, once', () => {
    const store = createStore({ position: 'a' }, (next, previous) => next.position === previous.position)
    const heard = vi.fn()
    store.subscribe(heard)
    let position = 'b'
    const compute = vi.fn(() => ({ position }))
    store.invalidate(compute)
    expect(heard).toHaveBeenCalledTimes(1)
    position = 'c'
    store.invalidate(compute)
    // Told once, not read since: the second change is silent, and the read sees it.
    expect(heard).toHaveBeenCalledTimes(1)
    expect(compute).not.toHaveBeenCalled()
    expect(store.getSnapshot()).toEqual({ position: 'c' })
    const read = store.getSnapshot()
    expect(compute).toHaveBeenCalledTimes(1)
    expect(store.getSnapshot()).toBe(read)
    // Read: the next change is heard again.
    position = 'd'
    store.invalidate(compute)
    expect(heard).toHaveBeenCalledTimes(2)
    expect(store.getSnapshot()).toEqual({ position: 'd' })
  })

  it('invalidate keeps the old object when the computed value is the same', () => {
    const store = createStore({ position: 'a' }, (next, previous) => next.position === previous.position)
    const before = store.getSnapshot()
    store.invalidate(() => ({ position: 'a' }))
    expect(store.getSnapshot()).toBe(before)
  })
})

describe('createListenerList', () => {
  it('a publish in progress keeps its list: a listener removed meanwhile still hears that one', () => {
    const list = createListenerList<() => void>()
    const calls: string[] = []
    let removeSecond = (): void => undefined
    list.add(() => {
      calls.push('first')
      removeSecond()
    })
    removeSecond = list.add(() => calls.push('second'))
    for (const listener of list.current) listener()
    for (const listener of list.current) listener()
    expect(calls).toEqual(['first', 'second', 'first'])
  })
})
