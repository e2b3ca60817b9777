// react-realtime-kit/testing — the mock server's endpoints, scenarios and faults, in process, for tests and stories.
export {
  createTestServer,
  type TestServer,
  type TestServerOptions,
  type RefuseOptions,
  type TestWebSocketConstructor,
} from './test-server'
export type { TestWebSocketBase as TestWebSocket } from './test-web-socket'
