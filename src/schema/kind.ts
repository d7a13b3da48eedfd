// A Kind is one field type of an on-chain structure, defined once with all of its forms: the
// in-memory value (a zod schema), the DAG-CBOR data model value that Lotus's cbor-gen writes, and
// the Lotus JSON form of the RPC (a zod schema too, so that a JSON Schema can be derived from it).
// DESIGN.md "Schemas: one definition, many outputs".

import { z } from 'zod'
import { SchemaError, describeValue, valueAt } from './errors.ts'

/** A JSON value, as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** One field type: its in-memory value, its DAG-CBOR form and its Lotus JSON form. */
export interface Kind<T> {
  /** Shown in the docs' field tables, e.g. `uint64`, `BigInt`, `list<Cid>`. */
  readonly name: string
  readonly doc?: string
  /** Validates an in-memory value. */
  readonly value: z.ZodType<T>
  /** Describes the Lotus JSON form; the JSON Schema is derived from it. */
  readonly json: z.ZodType
  /** The data model value that @ipld/dag-cbor encodes; `v` is already valid. */
  toCbor(v: T): unknown
  /** Reads what @ipld/dag-cbor decoded; throws SchemaError naming `path`. */
  fromCbor(data: unknown, path: string): T
  toJson(v: T): Json
  /** Reads the Lotus JSON form; throws SchemaError naming `path`. */
  fromJson(json: unknown, path: string): T
}

/** Infers the in-memory type of a kind or struct: `type UnsignedMessage = Infer<typeof UnsignedMessage>`. */
export type Infer<K> = K extends Kind<infer T> ? T : never

/** Identity function that checks a literal against Kind<T>, so kinds are plain objects. */
export function defineKind<T>(kind: Kind<T>): Kind<T> {
  return kind
}

/** Joins a base path and a zod issue path: `UnsignedMessage` + ['To'] → `UnsignedMessage.To`. */
function joinPath(base: string, path: readonly PropertyKey[]): string {
  let out = base
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`
  return out
}


/**
 * Parses `input` with a zod schema, turning the first issue into a SchemaError of the form
 * `<path>: expected <rule>, got <value>` (STYLE.md "Errors"). Schemas here give their own
 * `expected <rule>` messages, to which the offending value is appended; zod's type errors are
 * rephrased to the same form. A message in another form is kept as it is: it already says what
 * it got (e.g. an address refinement's `payload expected 20 bytes, got bytes(19)`).
 */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, path: string): T {
  const result = schema.safeParse(input, {
    error: (issue) => (issue.code === 'invalid_type' ? `expected ${issue.expected}` : undefined),
  })
  if (result.success) return result.data
  const issue = result.error.issues[0]
  if (issue === undefined) throw new SchemaError(path, 'invalid value')
  const at = joinPath(path, issue.path)
  if (!issue.message.startsWith('expected ')) throw new SchemaError(at, issue.message)
  throw new SchemaError(at, `${issue.message}, got ${describeValue(valueAt(input, issue.path))}`)
}

/** Throws the usual SchemaError for a value of the wrong shape. */
export function fail(path: string, rule: string, got: unknown): never {
  throw new SchemaError(path, `expected ${rule}, got ${describeValue(got)}`)
}
