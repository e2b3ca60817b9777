import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Feed } from '../../src/components'
import { KINDS, until, WRAPPERS, type Kind } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * A <Feed> on the real mock server's chat room, whose hook turns every message into
 * its text: ten posts of "ping" are ten identical strings. The hook keeps a window of
 * 3, so from the fourth on every window is ['ping', 'ping', 'ping'] and only the
 * `received` count tells a new one from the old.
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()

/** WS and SSE deliver JSON text; long-poll delivers the JSON value. */
function textOf(raw: unknown): unknown {
  const message = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { text: unknown }
  return message.text
}

function feedFor(kind: Kind, path: string) {
  const url = `${kind === 'websocket' ? mock.wsUrl : mock.url}${path}`
  const common = { history: 3, parse: textOf }
  switch (kind) {
    case 'websocket':
      return <Feed transport="websocket" url={url} options={{ ...common, WebSocket: net.WebSocket }} />
    case 'sse':
      return <Feed transport="sse" url={url} options={{ ...common, fetch: net.fetch }} />
    case 'long-poll':
      return <Feed transport="long-poll" url={url} options={{ ...common, fetch: net.fetch }} />
  }
}

/** Ready for the next post: open, and for long-poll a poll parked by the server. */
async function listening(kind: Kind, path: string, root: Element | null): Promise<void> {
  await until(() => {
    if (kind === 'long-poll') {
      const parked = mock.logs.filter((line) => line.includes(` ${path}`) && line.includes('holding after'))
      expect(parked.length).toBeGreaterThan(0)
    } else {
      expect(root).toHaveProperty('dataset.status', 'open')
    }
  })
}

async function postPing(): Promise<void> {
  const response = await fetch(`${mock.url}/send/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'ada', text: 'ping' }),
  })
  expect(response.status).toBe(200)
}

describe.each(WRAPPERS)('<Feed> on the real mock server, identical messages (%s)', (_name, wrapper) => {
  it.each(KINDS)('%s: ten posts of "ping", one render apart, are ten items', async (kind, prefix) => {
    const path = `/${prefix}/chat?${tag()}`
    const { container } = render(feedFor(kind, path), { wrapper })
    await listening(kind, path, container.firstElementChild)
    for (let n = 1; n <= 10; n++) {
      await postPing()
      await until(() => expect(screen.getAllByRole('listitem')).toHaveLength(n))
    }
    expect(new Set(screen.getAllByRole('listitem').map((li) => li.textContent))).toEqual(new Set(['ping']))
    // Ten round trips through the server: more than the default 5 s on a loaded machine.
  }, 20_000)
})
