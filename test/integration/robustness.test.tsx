import { describe, expect, it } from 'vitest'
import { reportedErrorsForEachTest } from '../helpers/reported-errors'
import { KINDS, range, renderRealtime, seqs, until, WRAPPERS } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * API.md "Robustness" against the real mock server: application code that throws
 * is reported and changes nothing else, for every transport, plain and StrictMode.
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()
const reported = reportedErrorsForEachTest()

const boom = (): never => {
  throw new Error('application bug')
}

describe.each(WRAPPERS)('robustness against the mock server (%s)', (_name, wrapper) => {
  describe.each(KINDS)('%s', (kind, prefix) => {
    const url = (query: string): string => `${mock.url}/${prefix}/feed?${query}&${tag()}`

    it('an onMessage that throws on the first message: all 20 still arrive, in order, status open', async () => {
      let calls = 0
      const hook = renderRealtime(
        kind,
        url('count=20&rate=500'),
        {
          onMessage: () => {
            calls++
            if (calls === 1) boom()
          },
        },
        net,
        wrapper,
      )
      await until(() => expect(seqs(hook.messages)).toEqual(range(20)))
      expect(reported).toEqual([new Error('application bug')])
      await until(() => expect(hook.result.current).toMatchObject({ status: 'open', received: 20 }))
    })

    it('onClose and onError that throw: the refused first attempt is still retried', async () => {
      const hook = renderRealtime(kind, url('failFirst=1&status=503&count=3'), { onClose: boom, onError: boom }, net, wrapper)
      await until(() => expect(seqs(hook.messages)).toEqual([1, 2, 3]))
      expect(hook.closes.length).toBeGreaterThanOrEqual(1)
      expect(reported.length).toBeGreaterThanOrEqual(2)
      await until(() => expect(hook.result.current.status).toBe('open'))
    })

    it('share: a subscriber that throws on every message starves no other subscriber', async () => {
      const shared = url('count=10&rate=500')
      const faulty = renderRealtime(kind, shared, { share: true, onMessage: boom }, net, wrapper)
      const healthy = renderRealtime(kind, shared, { share: true }, net, wrapper)
      await until(() => expect(seqs(healthy.messages)).toEqual(range(10)))
      await until(() => expect(seqs(faulty.messages)).toEqual(range(10)))
      expect(reported).toHaveLength(10)
      expect(kind === 'websocket' ? net.sockets : net.requests.filter((request) => !request.url.includes('cursor='))).toHaveLength(1)
    })
  })
})
