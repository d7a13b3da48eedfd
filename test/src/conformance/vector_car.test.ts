import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../src/conformance/vector_car.ts'
import { CarError } from '../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { FilspecError } from '../../../src/schema/errors.ts'

const corpus = join(new URL('../../../', import.meta.url).pathname, '../shared/conformance/test-vectors/corpus')

describe('vector CARs', () => {
  // filecoin-project/test-vectors corpus: a CAR v1 begins with its header's length (a varint), then
  // the header map {roots, version}: 0xa2 0x65 "roots".
  it('actor_creation--control-ok-with-good-address-good-cid--actorsv2: gunzips the car field to a CAR v1', () => {
    const vector = VectorDag.parse(JSON.parse(readFileSync(join(corpus, 'vm_violations/actor_creation--control-ok-with-good-address-good-cid--actorsv2.json'), 'utf8')))
    const car = decodeVectorCar(vector.car)
    expect(Buffer.from(car.subarray(1, 8)).toString('hex')).toBe('a265726f6f7473')
    expect(getVectorStateRoots(vector).map(String)).toEqual(['bafy2bzaceasnlx54unaq5lyfrhvutnnzxdiklbsclcqt5kgbpnvaii3c7wkwm', 'bafy2bzacedecjpmnfunbvcjts4iq3wh2haym6itvs5irv3nufi7qaefq5zsd2'])
  })

  it('names what is wrong with a car field', () => {
    expect(() => decodeVectorCar('not base64!')).toThrow('car: vector car field expected base64, got other characters')
    expect(() => decodeVectorCar(Buffer.from('plain').toString('base64'))).toThrow(CarError)
    expect(decodeVectorCar(gzipSync(Buffer.from([1, 2, 3])).toString('base64'))).toEqual(new Uint8Array([1, 2, 3]))
    const root = (s: string) => ({ state_tree: { root_cid: { '/': s } } })
    expect(() => getVectorStateRoots({ car: '', preconditions: root('nope'), postconditions: root('nope') })).toThrow('vector: state root expected a CID, got "nope"')
  })

  it('returns bytes or throws a CarError for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array().map((b) => Buffer.from(b).toString('base64'))), (s) => {
        try {
          decodeVectorCar(s)
        } catch (e) {
          expect(e).toBeInstanceOf(CarError)
          expect(e).toBeInstanceOf(FilspecError)
        }
      }),
    )
  })
})
