// The DAG of a conformance vector (filecoin-project/test-vectors schema.json): its `car` field is
// a CAR v1 file, gzipped, in base64, whose roots are the pre- and post-state roots; the state roots
// are also named in preconditions/postconditions.state_tree.root_cid.
import { gunzipSync } from 'node:zlib'
import { CID } from 'multiformats/cid'
import { z } from 'zod'
import { CarError } from '../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { FilspecError } from '../schema/errors.ts'

const StateRoot = z.object({ state_tree: z.object({ root_cid: z.object({ '/': z.string() }) }) })
/** The fields of a vector that hold its DAG. */
export const VectorDag = z.object({ car: z.string(), preconditions: StateRoot, postconditions: StateRoot })
export type VectorDag = z.infer<typeof VectorDag>

/** The CAR file a vector's `car` field holds: base64, then gzip. */
export function decodeVectorCar(field: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(field)) throw new CarError('vector car field expected base64, got other characters')
  try {
    return new Uint8Array(gunzipSync(Buffer.from(field, 'base64')))
  } catch (e) {
    throw new CarError(`vector car field expected gzip data, got ${(e as Error).message}`)
  }
}

/** The vector's pre- and post-state roots, in that order. */
export function getVectorStateRoots(vector: VectorDag): CID[] {
  return [vector.preconditions, vector.postconditions].map((c) => {
    try {
      return CID.parse(c.state_tree.root_cid['/'])
    } catch {
      throw new FilspecError(`vector: state root expected a CID, got ${JSON.stringify(c.state_tree.root_cid['/'])}`)
    }
  })
}
