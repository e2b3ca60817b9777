/**
 * Runs the project's mock server in a child process, so that in the transport
 * bench the server and the client do not share one event loop (as they would
 * not in real life). Started by bench/lib/child-mock-server.ts; reports its URL
 * over IPC and exits when the parent disconnects or asks it to stop.
 */
import { startMockServer } from '../../mock-server/index'

const server = await startMockServer({ port: 0, host: '127.0.0.1' })
process.send?.({ url: server.url, port: server.port })

const stop = (): void => {
  void server.close().then(() => process.exit(0))
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('message', (message) => {
  if (message === 'stop') stop()
  // CPU time so far, so the parent can tell whether the server was the bottleneck.
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() })
})
process.on('disconnect', stop)
