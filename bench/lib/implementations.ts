/** The ways of getting WebSocket messages into React that the browser benches compare. */
export const CONTENDERS = ['ours', 'react-use-websocket', 'react-realtime-hooks', 'raw'] as const
/** Extra rows: a like-for-like variant and a floor, for reading the contenders' numbers. */
export const REFERENCES = ['react-realtime-hooks-onmessage', 'render-once'] as const

export type Contender = (typeof CONTENDERS)[number]
export type Implementation = Contender | (typeof REFERENCES)[number]

export const LABELS: Record<Implementation, string> = {
  ours: 'react-realtime-kit useWebSocket',
  'react-use-websocket': 'react-use-websocket 4.13 (lastMessage)',
  'react-realtime-hooks': 'react-realtime-hooks 2.0.3 (lastMessage)',
  raw: 'raw WebSocket + useEffect',
  'react-realtime-hooks-onmessage': 'ref: react-realtime-hooks (onMessage)',
  'render-once': 'ref: receive all, render once',
}
