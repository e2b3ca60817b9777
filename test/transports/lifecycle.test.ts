// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { transportLifecycle, withHints } from '../../src/core/transports/lifecycle'
import { RealtimeError, type TransportSink } from '../../src/core/types'
import { reportedErrorsForEachTest } from '../helpers/reported-errors'
import { recordingSink } from '../helpers/transport-harness'

const reported = reportedErrorsForEachTest()

/** The one way every transport ends: once, releasing first, failures thrown as RealtimeErrors. */
describe('transportLifecycle', () => {
  it('runs the body on a later microtask, so the caller stores the transport first', async () => {
    const { sink } = recordingSink()
    const life = transportLifecycle(sink, () => undefined)
    const body = vi.fn()
    life.run(body, 'test')
    expect(body).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(body).toHaveBeenCalledTimes(1)
  })

  it('a RealtimeError thrown by the body ends the transport with it, its status and its retry hint', async () => {
    const { sink, until, closeCall } = recordingSink()
    const release = vi.fn()
    const life = transportLifecycle(sink, release)
    const error = withHints(new RealtimeError('http', 'HTTP 503', { status: 503 }), { retryAfterMs: 2000 })
    life.run(async () => {
      await Promise.resolve()
      throw error
    }, 'test')
    await until('close')
    expect(closeCall()).toEqual({ info: { wasClean: false, status: 503, error }, hints: { retryAfterMs: 2000 } })
    expect(release).toHaveBeenCalledTimes(1)
    expect(life.ended).toBe(true)
  })

  it('anything else thrown is a bug of the transport, reported as a protocol error naming it', async () => {
    const { sink, until, closeCall } = recordingSink()
    const life = transportLifecycle(sink, () => undefined)
    life.run(() => {
      throw new TypeError('x is undefined')
    }, 'carrier pigeon')
    await until('close')
    const error = closeCall().info.error
    expect(error).toMatchObject({ kind: 'protocol', message: 'The carrier pigeon transport failed: x is undefined' })
    expect(error?.cause).toBeInstanceOf(TypeError)
  })

  it('ends once: later ends, failures and a close() report nothing and release nothing again', () => {
    const { sink, kinds } = recordingSink()
    const release = vi.fn()
    const life = transportLifecycle(sink, release)
    life.end({ wasClean: true })
    life.fail(new RealtimeError('network', 'late'))
    life.close()
    expect(kinds()).toEqual(['close'])
    expect(release).toHaveBeenCalledTimes(1)
  })

  it('close() releases without a report, and the body does not run afterwards', async () => {
    const { sink, kinds } = recordingSink()
    const release = vi.fn()
    const life = transportLifecycle(sink, release)
    const body = vi.fn()
    life.run(body, 'test')
    life.close()
    await Promise.resolve()
    expect(body).not.toHaveBeenCalled()
    expect(release).toHaveBeenCalledTimes(1)
    expect(kinds()).toEqual([])
  })

  it('a sink that throws while the failure is reported is reported too, never an unhandled rejection', async () => {
    const bug = new Error('listener bug')
    const { sink } = recordingSink()
    const throwingSink: TransportSink = {
      ...sink,
      close: () => {
        throw bug
      },
    }
    const life = transportLifecycle(throwingSink, () => undefined)
    let ran = false
    life.run(() => {
      ran = true
      throw new RealtimeError('network', 'down')
    }, 'test')
    await vi.waitFor(() => expect(reported).toEqual([bug]))
    expect(ran).toBe(true)
    expect(life.ended).toBe(true)
  })

  it('a sink that throws on a close reported outside run (a socket or timer callback) is reported, not thrown', () => {
    const bug = new Error('listener bug')
    const { sink } = recordingSink()
    const life = transportLifecycle({ ...sink, close: () => { throw bug } }, () => undefined)
    expect(() => life.end({ wasClean: true })).not.toThrow()
    expect(reported).toEqual([bug])
  })
})
