// Code CIDs against the values Lotus and the Filecoin docs print for actors v0 and v2, and the
// cbor-gen way of reading parameters: the first CBOR item, the rest ignored, garbage a SchemaError.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { address, addressFromString } from '../../../../../spec/appendix/address/address.ts'
import { EMPTY_PARAMS, cborParams } from '../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { getActorsVersion, getBuiltinCode, parseBuiltinCode } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExecParams } from '../../../../../spec/systems/filecoin_vm/sysactors/init_actor.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'

describe('builtin code CIDs', () => {
  it.each([
    ['account', 0, 'bafkqadlgnfwc6mjpmfrwg33vnz2a'],
    ['account', 2, 'bafkqadlgnfwc6mrpmfrwg33vnz2a'],
    ['multisig', 0, 'bafkqadtgnfwc6mjpnv2wy5djonuwo'],
    ['storageminer', 2, 'bafkqaetgnfwc6mrpon2g64tbm5sw22lomvza'],
  ] as const)('%s of actors v%d is %s', (name, version, cid) => {
    expect(String(getBuiltinCode(name, version))).toBe(cid)
    expect(parseBuiltinCode(getBuiltinCode(name, version))).toEqual({ name, version })
  })

  it('network versions 0–3 run actors v0, 4–5 actors v2', () => {
    expect([0, 1, 2, 3, 4, 5].map(getActorsVersion)).toEqual([0, 0, 0, 0, 2, 2])
    expect(() => getActorsVersion(6)).toThrow(RangeError)
  })
})

describe('reading parameters', () => {
  const exec = cborParams(ExecParams)

  it('reads the first item and ignores what follows, as cbor-gen does', () => {
    const good = ExecParams.encode({ CodeCID: getBuiltinCode('multisig', 0), ConstructorParams: Uint8Array.of(0x80) })
    expect(exec.read(Uint8Array.from([...good, 0xff, 0x00])).ConstructorParams).toEqual(Uint8Array.of(0x80))
    expect(cborParams(address).read(Uint8Array.of(0x42, 0x00, 0x64))).toEqual(addressFromString('f0100'))
  })

  it('empty or wrong bytes are a SchemaError; EMPTY_PARAMS takes anything', () => {
    expect(() => exec.read(new Uint8Array())).toThrow(SchemaError)
    expect(() => exec.read(Uint8Array.of(0x81, 0x01))).toThrow(SchemaError)
    expect(EMPTY_PARAMS.read(Uint8Array.of(0xff))).toBeUndefined()
  })

  it('any bytes give parameters or a SchemaError, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          exec.read(bytes)
        } catch (e) {
          expect(e).toBeInstanceOf(SchemaError)
        }
      }),
    )
  })
})
