/**
 * The Standard Schema v1 interface (https://standardschema.dev), which zod ≥ 3.24,
 * valibot ≥ 1 and arktype implement. It is a types-only spec, so it is copied here
 * instead of depended on: a `schema` option costs users no package. The spec's
 * namespace is flattened into named types; the shapes are the spec's own, so any
 * library's schema is assignable structurally.
 */

/** A schema of any Standard Schema library: `validate` turns `unknown` into `Output` or issues. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1Props<Input, Output>
}

export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  readonly version: 1
  readonly vendor: string
  readonly validate: (
    value: unknown,
    options?: StandardSchemaV1Options | undefined,
  ) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>
  readonly types?: StandardSchemaV1Types<Input, Output> | undefined
}

export interface StandardSchemaV1Options {
  readonly libraryOptions?: Record<string, unknown> | undefined
}

export type StandardSchemaV1Result<Output> = StandardSchemaV1SuccessResult<Output> | StandardSchemaV1FailureResult

export interface StandardSchemaV1SuccessResult<Output> {
  readonly value: Output
  /** A falsy value for `issues` means success. */
  readonly issues?: undefined
}

export interface StandardSchemaV1FailureResult {
  readonly issues: ReadonlyArray<StandardSchemaV1Issue>
}

/** One reason a value did not match, with where in the value it was found. */
export interface StandardSchemaV1Issue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | StandardSchemaV1PathSegment> | undefined
}

export interface StandardSchemaV1PathSegment {
  readonly key: PropertyKey
}

export interface StandardSchemaV1Types<Input = unknown, Output = Input> {
  readonly input: Input
  readonly output: Output
}

/** The type a schema produces: what `useWebSocket(url, { schema })` infers as `In`. */
export type InferSchemaOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output']
