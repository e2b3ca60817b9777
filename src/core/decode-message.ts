import type { StandardSchemaV1, StandardSchemaV1Issue, StandardSchemaV1Result } from './standard-schema'
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
export type MessageDecoding<In> =
  | {
      /** Turns the raw message (string, ArrayBuffer, or a long-poll JSON value) into `In`. Default: unchanged. */
      parse?: (raw: RawMessage) => Inferred<In>
      schema?: undefined
    }
  | {
      /** Runs before `schema`. Default: a string is JSON-decoded, anything else is passed as it is. */
      parse?: (raw: RawMessage) => unknown
      /**
       * A Standard Schema (zod, valibot, arktype, …) every message must match; one that does not is
       * skipped and reported as `kind: 'parse'` with the schema's `issues`. Validation must be synchronous.
       */
      schema: StandardSchemaV1<unknown, In>
    }

/** Thrown for a message that is skipped without a new report (the problem was reported already). */
const ALREADY_REPORTED = Symbol('already reported')

/**
 * Decodes one subscriber's messages. It remembers whether an asynchronous schema
 * was reported, so a misconfigured schema is one clear error, not one per message.
 */
export class MessageDecoder {
  #asyncSchemaReported = false

  /** The decoded message; throws (see `decodeFailure`) when it must be skipped. */
  decode<In>(raw: RawMessage, decoding: MessageDecoding<In>): In {
    if (decoding.schema === undefined) return decoding.parse ? decoding.parse(raw) : (raw as In)
    const value = decoding.parse ? decoding.parse(raw) : decodeJsonText(raw)
    return this.#validate(decoding.schema, value)
  }

  #validate<In>(schema: StandardSchemaV1<unknown, In>, value: unknown): In {
    const validate = (schema as Partial<StandardSchemaV1<unknown, In>> | null)?.['~standard']?.validate
    if (typeof validate !== 'function') {
      throw new RealtimeError('parse', 'The `schema` option is not a Standard Schema (it has no `~standard.validate`)')
    }
    const result = validate(value)
    if (result instanceof Promise) return this.#rejectAsync(result)
    if (result.issues) {
      throw new RealtimeError('parse', `The message does not match the schema: ${describeIssues(result.issues)}`, {
        issues: result.issues,
      })
    }
    return result.value
  }

  #rejectAsync(result: Promise<StandardSchemaV1Result<unknown>>): never {
    // Nobody awaits this answer: a rejection must not become an unhandled one.
    result.catch(() => {})
    if (this.#asyncSchemaReported) throw ALREADY_REPORTED
    this.#asyncSchemaReported = true
    throw new RealtimeError(
      'parse',
      'The `schema` validated asynchronously (it returned a Promise). Only synchronous validation keeps ' +
        'messages in order and exactly once, so messages are skipped; use a schema without async refinements.',
    )
  }
}

/**
 * The error to report for a message that could not be decoded, or undefined when
 * it was reported already and is only skipped.
 */
export function decodeFailure(cause: unknown): RealtimeError | undefined {
  if (cause === ALREADY_REPORTED) return undefined
  if (cause instanceof RealtimeError && cause.kind === 'parse') return cause
  const detail = cause instanceof Error ? `: ${cause.message}` : ''
  return new RealtimeError('parse', `Could not parse a message${detail}`, { cause })
}

/** Text on the wire is JSON unless `parse` says otherwise; other values are already decoded. */
function decodeJsonText(raw: RawMessage): unknown {
  return typeof raw === 'string' ? JSON.parse(raw) : raw
}

const MAX_DESCRIBED_ISSUES = 3

/** `text: Expected string, received number; …` — the first few issues, for the error message. */
export function describeIssues(issues: readonly StandardSchemaV1Issue[]): string {
  const described = issues.slice(0, MAX_DESCRIBED_ISSUES).map((issue) => {
    const path = issue.path?.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.')
    return path ? `${path}: ${issue.message}` : issue.message
  })
  const more = issues.length - described.length
  return described.join('; ') + (more > 0 ? ` (and ${more} more)` : '')
}
