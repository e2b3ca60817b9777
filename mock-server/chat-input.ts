export type ChatInput = { ok: true; fields: Record<string, unknown> } | { ok: false; message: string }

/**
 * Validates a chat message from a client: a JSON object with a string
 * `text`; `user`, when present, must be a string too (default "anonymous").
 * Every other field (`clientId` in particular) is kept as sent.
 */
export function parseChatInput(raw: string): ChatInput {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { ok: false, message: 'the message is not valid JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'the message must be a JSON object such as {"user":"ada","text":"hi"}' }
  }
  const fields = value as Record<string, unknown>
  if (typeof fields.text !== 'string') return { ok: false, message: 'the message needs a string "text" field' }
  if (fields.user !== undefined && typeof fields.user !== 'string') {
    return { ok: false, message: '"user" must be a string' }
  }
  return { ok: true, fields: { user: 'anonymous', ...fields } }
}
