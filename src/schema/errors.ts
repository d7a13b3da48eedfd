// The root of filspec's error types. Every subsystem's error is a FilspecError subclass with typed
// fields, so that callers branch on the class and the node reports them without crashing
// (STYLE.md "Errors"; Forest's per-subsystem error enums).

/** The base class of every error filspec raises on purpose. */
export class FilspecError extends Error {
  override name = 'FilspecError'
}

/**
 * A value that does not fit its schema: bad CBOR, a wrong tuple length, an integer out of range.
 * `path` names where in the structure, e.g. `UnsignedMessage.Nonce`.
 */
export class SchemaError extends FilspecError {
  override name = 'SchemaError'
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`)
  }
}

/**
 * A part of an input that breaks a rule, in the one message form of STYLE.md:
 * `<path>: <what> expected <rule>, got <value>`. Subsystems subclass it to be told apart.
 */
export class RuleError extends SchemaError {
  override name = 'RuleError'
  constructor(
    path: string,
    readonly what: string,
    rule: string,
    got: unknown,
  ) {
    super(path, `${what} expected ${rule}, got ${describeValue(got)}`)
  }
}

/** Formats a value for an error message: short, and safe for any input. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (value instanceof Uint8Array) return `bytes(${value.length})`
  if (Array.isArray(value)) return `array(${value.length})`
  if (typeof value === 'object') return value.constructor?.name === 'Object' ? 'object' : String(value.constructor?.name ?? 'object')
  return String(value)
}

/** The part of `root` at `path` (as zod reports issue paths), for naming what was wrong. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined
  return v
}
