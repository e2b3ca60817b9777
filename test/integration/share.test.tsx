import { act } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { sharedConnections } from '../../src/hooks/use-connection'
import { KINDS, range, renderRealtime, seqs, until, WRAPPERS } from './support/hook-harness'
import type { Kind, Recorded } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * `share: true`: hooks that ask for the same URL read one connection, counted on
 * the wire, and each of them gets every message once.
 */

const mock = mockServerForFile()
// Shared connections outlive their last subscriber by the grace period.
const net = networkLedgerPerTest(() => until(() => expect(sharedConnections.size).toBe(0)))

const SHARED = { share: true, shareGraceMs: 50 } as const

function live(kind: Kind): number {
  return kind === 'websocket' ? net.liveSockets() : net.liveRequests()
}

/** One connection on the wire: one socket, one stream, or one chain of polls. */
function expectOneConnection(kind: Kind): void {
  if (kind === 'websocket') expect(net.sockets).toHaveLength(1)
  else if (kind === 'sse') expect(net.requests).toHaveLength(1)
  else expect(net.maxLiveRequests).toBe(1)
}

describe.each(WRAPPERS)('share: true (%s)', (_name, wrapper) => {
  describe.each(KINDS)('%s', (kind, prefix) => {
    it('three hooks on one URL: one server connection, each hook gets every message once', async () => {
      const url = `${mock.url}/${prefix}/feed?count=30&${tag()}`
      const hooks: Recorded[] = [1, 2, 3].map(() => renderRealtime(kind, url, SHARED, net, wrapper))
      await until(() => {
        for (const hook of hooks) expect(hook.messages.length).toBeGreaterThanOrEqual(30)
      })
      for (const hook of hooks) expect(seqs(hook.messages)).toEqual(range(30))
      expectOneConnection(kind)
      expect(sharedConnections.size).toBe(1)
      for (const hook of hooks) await until(() => expect(hook.result.current.status).toBe('open'))

      for (const hook of hooks) hook.unmount()
      await until(() => expect(live(kind)).toBe(0))
      expect(sharedConnections.size).toBe(0)
    })

    it("one subscriber's close() detaches only that one: the others keep the connection and its messages", async () => {
      const url = `${mock.url}/${prefix}/feed?rate=40&${tag()}`
      const [first, second] = [1, 2].map(() => renderRealtime(kind, url, SHARED, net, wrapper)) as [Recorded, Recorded]
      await until(() => expect(second.messages.length).toBeGreaterThanOrEqual(2))
      act(() => first.result.current.close())
      expect(first.result.current.status).toBe('closed')
      const firstCount = first.messages.length
      const secondCount = second.messages.length
      await until(() => expect(second.messages.length).toBeGreaterThanOrEqual(secondCount + 3))
      expect(first.messages.length).toBe(firstCount)
      expect(second.result.current.status).toBe('open')
      expectOneConnection(kind)
    })
  })
})
