export const DEFAULT_STORYBOOK_PORT = 6006

/** `storybook dev` picks a random port when none is given, so the documented 6006 is added unless the user chose one. */
export function withDefaultPort(args: readonly string[]): string[] {
  const choosesPort = args.some((arg) => arg === '--port' || arg === '-p' || arg.startsWith('--port='))
  return choosesPort ? [...args] : [...args, '--port', String(DEFAULT_STORYBOOK_PORT)]
}
