import type { StandardSchemaV1, StandardSchemaV1Issue } from './standard-schema'
import { RealtimeError, type RawMessage } from './types'

/** Every value but null and undefined. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` is exactly that type
type NotNullish = {}

/**
 * `In` itself, written so that TypeScript infers `In` from it with a lower priority
 * than from a plain `In` (an intersection with one type variable): with a `schema`,
 * `In` is the schema's output, whatever `parse` returns.
 */
type Inferred<In> = In & (NotNullish | null | undefined)

/**
 * How raw messages become `In`: with `parse` alone (default: unchanged), or
 * validated by a Standard Schema `schema`, after `parse` (default: a string is
 * JSON-decoded). With a schema, `In` is the schema's output type.
 */
export type MessageDecoding<In, Raw = RawMessage> =
  // Methods, so that they compare bivariantly: a hook's options (whose `parse` takes a
  // string, say) still fit where any hook's options do, as in the components' `options` prop.
  | {
      /** Turns the raw message (string, ArrayBuffer, or a long-poll JSON value) into `In`. Default: unchanged. */
      parse?(raw: Raw): Inferred<In>
      schema?: undefined
    }
  | {
      /** Runs before `schema`. Default: a string is JSON-decoded, anything else is passed as it is. */
      parse?(raw: Raw): unknown
      /**
       * A Standard Schema (zod, valibot, arktype, …) every message must match; one that does not is
       * skipped and reported as `kind: 'parse'` with the schema's `issues`. Validation must be synchronous.
       */
      schema: StandardSchemaV1<unknown, In>
    }

/** Thrown for a message that is skipped without a new report (the problem was reported already). */
const ALREADY_REPORTED = Symbol()

/**
 * Decodes one subscriber's messages. It remembers whether an asynchronous schema
 * was reported, so a misconfigured schema is one clear error, not one per message.
 */
export class MessageDecoder {
  #asyncReported = false

  /** The decoded message; throws (see `decodeFailure`) when it must be skipped. */
  decode<In>(raw: RawMessage, { parse, schema }: MessageDecoding<In>): In {
    if (schema === undefined) return parse ? (parse(raw) as In) : (raw as In)
    const value: unknown = parse ? parse(raw) : typeof raw === 'string' ? JSON.parse(raw) : raw
    const standard = (schema as Partial<StandardSchemaV1<unknown, In>> | null)?.['~standard']
    if (typeof standard?.validate !== 'function') throw new RealtimeError('parse', process.env.NODE_ENV !== 'production' ? 'The `schema` option is not a Standard Schema' : 'Not a schema')
    // Called as a method: a library's validate may use `this`.
    const result = standard.validate(value)
    if (result instanceof Promise) {
      // Nobody awaits this answer: its rejection must not go unhandled.
      result.catch(() => {})
      if (this.#asyncReported) throw ALREADY_REPORTED
      this.#asyncReported = true
      throw new RealtimeError('parse', process.env.NODE_ENV !== 'production' ? 'The `schema` validated asynchronously; only synchronous schemas keep messages in order, so messages are skipped' : 'Async schema')
    }
    if (result.issues) throw new RealtimeError('parse', process.env.NODE_ENV !== 'production' ? `The message does not match the schema: ${describeIssues(result.issues)}` : 'Schema mismatch', { issues: result.issues })
    return result.value
  }
}

/**
 * The error to report for a message that could not be decoded, or undefined when
 * it was reported already and is only skipped.
 */
export function decodeFailure(cause: unknown): RealtimeError | undefined {
  if (cause === ALREADY_REPORTED) return undefined
  if (cause instanceof RealtimeError && cause.kind === 'parse') return cause
  return new RealtimeError('parse', `Could not parse a message${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause })
}

/** `seq: Expected number; …`: the first three issues, for the error message. */
export function describeIssues(issues: readonly StandardSchemaV1Issue[]): string {
  const described = issues.slice(0, 3).map(({ message, path }) => {
    const where = path?.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.')
    return where ? `${where}: ${message}` : message
  })
  return described.join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '')
}
