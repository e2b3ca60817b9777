import type { Preview } from '@storybook/react-vite'
import { createElement } from 'react'
import '../src/styles.css'
import { detectBackend, runId, type Backend } from '../stories/support/backend'

const preview: Preview = {
  parameters: {
    layout: 'padded',
    // Every story is checked with axe; a violation fails its test.
    a11y: { test: 'error' },
    controls: { expanded: true },
    options: {
      storySort: {
        order: [
          'Introduction',
          'Hooks',
          ['useWebSocket', 'useEventSource', 'useLongPoll', 'useRealtime'],
          'Guides',
          ['Choosing a transport', 'Reconnection'],
          'Components',
          ['Feed', 'Dashboard', 'Chat', 'ConnectionStatus'],
          '*',
        ],
      },
    },
  },
  globalTypes: {
    theme: {
      description: 'Light or dark styles (data-theme), or follow the system',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'system', title: 'System' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'system' },
  // The mock server when it answers, else the in-browser stand-in; a story can pin one
  // with `parameters.backend`. `run` makes each render's fault counters start afresh.
  loaders: [
    async ({ parameters }) => ({
      backend: (parameters.backend as Backend | undefined) ?? (await detectBackend()),
      run: runId(),
    }),
  ],
  decorators: [
    (Story, { globals }) => {
      const theme = globals.theme === 'light' || globals.theme === 'dark' ? globals.theme : undefined
      return createElement('div', { className: 'rrk-story', 'data-theme': theme }, createElement(Story))
    },
  ],
}

export default preview
