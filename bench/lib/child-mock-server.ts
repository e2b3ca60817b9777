import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface ChildMockServer {
  url: string
  port: number
  pid: number
  /** The child's CPU time so far (user + system, µs). */
  cpuMicros(): Promise<number>
  stop(): Promise<void>
}

const SCRIPT = fileURLToPath(new URL('./mock-server-process.ts', import.meta.url))
const START_TIMEOUT_MS = 20_000

/** Starts mock-server/index.ts in a child Node process on 127.0.0.1 (any free port). */
export function startChildMockServer(): Promise<ChildMockServer> {
  const child = fork(SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    if (child.connected) child.send('stop')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error('the mock server child process did not start within 20 s'))
    }, START_TIMEOUT_MS)
    child.once('message', (message) => {
      clearTimeout(timer)
      const { url, port } = message as { url: string; port: number }
      resolve({ url, port, pid: child.pid ?? -1, cpuMicros: () => askCpu(child), stop })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the mock server child process exited early (code ${String(code)})`))
    })
  })
}

function askCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage)
      resolve(Number.NaN)
    }, 2000)
    const onMessage = (message: unknown): void => {
      const cpu = (message as { cpu?: { user: number; system: number } }).cpu
      if (!cpu) return
      clearTimeout(timer)
      child.off('message', onMessage)
      resolve(cpu.user + cpu.system)
    }
    child.on('message', onMessage)
    child.send('cpu')
  })
}
