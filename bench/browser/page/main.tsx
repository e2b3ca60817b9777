import './instrument'
import { createRoot } from 'react-dom/client'
import { DashboardBench } from './dashboard'
import { measureIdleFrames } from './idle'
import { ListBench } from './list'
import { fail } from './report'

/**
 * ?part=list&impl=NAME&ws=URL&total=N
 * ?part=dashboard&impl=NAME&ws=URL&tiles=50&total=N&loadMs=MS
 * ?part=idle&ms=MS
 */
const params = new URLSearchParams(location.search)
const part = params.get('part')
const impl = params.get('impl') ?? ''
const url = params.get('ws') ?? ''
const number = (name: string): number => Number(params.get(name) ?? NaN)

const container = document.getElementById('root')
if (!container) fail('no #root')
else if (part === 'list') {
  createRoot(container).render(<ListBench impl={impl} url={url} total={number('total')} />)
} else if (part === 'dashboard') {
  createRoot(container).render(
    <DashboardBench impl={impl} url={url} tiles={number('tiles')} total={number('total')} loadMs={number('loadMs')} />,
  )
} else if (part === 'idle') {
  measureIdleFrames(number('ms'))
} else {
  fail(`unknown part ${String(part)}`)
}
