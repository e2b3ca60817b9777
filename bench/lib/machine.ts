import os from 'node:os'

/** Where and when the numbers were taken. */
export interface MachineInfo {
  date: string
  node: string
  platform: string
  cpu: string
  cores: number
  memoryGiB: number
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  }
}

/** 1, 5 and 15 minute load averages, two decimals. */
export function loadAverage(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg()
  const r = (n: number): number => Math.round(n * 100) / 100
  return [r(one), r(five), r(fifteen)]
}

export function describeLoad(): string {
  const [one, five, fifteen] = loadAverage()
  return `load average ${one} / ${five} / ${fifteen} (1 / 5 / 15 min) on ${os.cpus().length} cores`
}
