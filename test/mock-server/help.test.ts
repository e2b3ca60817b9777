// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { USAGE } from '../../mock-server/cli-args'
import { FAULT_HELP } from '../../mock-server/fault-help'
import { readFaults } from '../../mock-server/faults'
import { endpointHelp } from '../../mock-server/index'

describe('mock server help texts', () => {
  it('are self-contained: no pointers into the repository sources', () => {
    for (const text of [USAGE, ...endpointHelp('http://127.0.0.1:8787')]) {
      expect(text).not.toMatch(/mock-server\/|\.ts\b/)
    }
  })

  it('name the bin and describe every fault switch the server reads', () => {
    expect(USAGE).toMatch(/^usage: react-realtime-kit-mock-server /)
    const switches = Object.keys(readFaults(new URLSearchParams()))
    expect(switches.length).toBeGreaterThan(10)
    for (const name of switches) expect(FAULT_HELP).toMatch(new RegExp(`^  ${name}=`, 'm'))
    expect(USAGE).toContain(FAULT_HELP)
  })
})
