// A test vector of the filecoin-project test-vectors schema, as the runner reads it: every field
// it uses, checked, so that a malformed file is a VectorError naming the file and the field.

import { z } from 'zod'
import { parseVectorJson } from './corpus.ts'

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64')
const CidJson = z.object({ '/': z.string() })
const BigNumber = z.union([z.number().int(), z.string().regex(/^-?[0-9]+$/)])

const Receipt = z.object({ exit_code: z.number().int(), return: Base64, gas_used: z.number().int() })
const Variant = z.object({ id: z.string(), epoch: z.number().int(), nv: z.number().int().min(0) })

export const Vector = z.object({
  class: z.enum(['message', 'tipset', 'block', 'chain']),
  _meta: z.object({ id: z.string(), description: z.string().optional() }).loose(),
  selector: z.record(z.string(), z.string()).optional(),
  car: Base64,
  randomness: z.array(z.object({ on: z.tuple([z.enum(['chain', 'beacon']), z.number().int(), z.number().int(), Base64]), ret: Base64 })).optional(),
  preconditions: z.object({
    variants: z.array(Variant).min(1),
    state_tree: z.object({ root_cid: CidJson }),
    basefee: BigNumber.optional(),
    circ_supply: BigNumber.optional(),
  }),
  apply_messages: z.array(z.object({ bytes: Base64, epoch_offset: z.number().int().optional() })).optional(),
  apply_tipsets: z
    .array(
      z.object({
        epoch_offset: z.number().int(),
        basefee: BigNumber,
        blocks: z.array(z.object({ miner_addr: z.string(), win_count: z.number().int(), messages: z.array(Base64) })),
      }),
    )
    .optional(),
  postconditions: z.object({
    state_tree: z.object({ root_cid: CidJson }),
    receipts: z.array(Receipt),
    receipts_roots: z.array(CidJson).optional(),
  }),
})
export type Vector = z.infer<typeof Vector>
export type VectorReceipt = z.infer<typeof Receipt>

/** Parses a vector's JSON text; `file` names it in errors, with the path of the first bad field. */
export function parseVector(file: string, text: string): Vector {
  return parseVectorJson(Vector, file, text)
}
