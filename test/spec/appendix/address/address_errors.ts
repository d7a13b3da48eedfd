// The kind of AddressError a call raises, for tests that assert go-address's error kinds.
import { AddressError, type AddressErrorKind } from '../../../../spec/appendix/address/address.ts'

/** The kind of AddressError `f` throws (fails the test if it throws anything else or nothing). */
export function kindOf(f: () => unknown): AddressErrorKind {
  try {
    f()
  } catch (e) {
    if (e instanceof AddressError) return e.kind
    throw e
  }
  throw new Error('expected an AddressError, got a value')
}
