/**
 * Decodes a UTF-8 byte stream chunk by chunk, as fast as Node allows: there, a one-shot
 * `TextDecoder` call is about four times faster than a streaming one on ASCII text,
 * but slower once the text holds other characters, and one streaming call moves a
 * decoder off its fast path for good. So two decoders: a one-shot one for chunks of
 * ASCII (judged by the chunk before) that end on a character boundary, and a
 * streaming one for the rest. In Chromium all of these cost the same.
 *
 * The text is the same as one streaming decoder's. Byte order marks are all kept
 * (`ignoreBOM`): the SSE parser strips the first one itself.
 */
export function createUtf8ChunkDecoder(): (chunk: Uint8Array) => string {
  const oneShot = new TextDecoder('utf-8', { ignoreBOM: true })
  const streaming = new TextDecoder('utf-8', { ignoreBOM: true })
  let ascii = true
  // The streaming decoder may hold the start of a character.
  let holding = false
  return (chunk) => {
    if (chunk.length === 0) return ''
    // An ASCII byte cannot end inside a character: a one-shot call then leaves nothing behind.
    const endsOnBoundary = (chunk[chunk.length - 1] ?? 0) < 0x80
    const text = ascii && !holding && endsOnBoundary ? oneShot.decode(chunk) : streaming.decode(chunk, { stream: true })
    // A chunk that completed a held character cannot be judged by its length.
    if (!holding) ascii = text.length === chunk.length
    holding = !endsOnBoundary
    return text
  }
}
