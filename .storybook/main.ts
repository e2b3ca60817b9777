import type { StorybookConfig } from '@storybook/react-vite'

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest', '@storybook/addon-a11y'],
  framework: '@storybook/react-vite',
  core: { disableTelemetry: true },
  // The Introduction page is the first thing a reader sees, not Storybook's own setup guide.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
}

export default config
