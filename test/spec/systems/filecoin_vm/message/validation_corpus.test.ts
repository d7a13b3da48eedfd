// Syntactic validation of every message in the filecoin-project/test-vectors corpus
// (shared/conformance), at each variant's network version, with minGas priced from the message's
// chain length. The corpus stores messages unsigned; Lotus's conformance driver
// (conformance/driver.go `toChainMsg`) applies a message from a secp256k1 sender as a signed
// message with a 65-byte zero signature, so its chain length is that of the signed encoding, and
// any other message's is its own encoding (as for BLS). We do the same.
//
// The corpus feeds messages straight to the VM, which does not run ValidForBlockInclusion but
// refuses, before anything else, a message whose GasLimit is below its on-chain gas: receipt
// SysErrOutOfGas (7) with gas_used 0 (Lotus vm.ApplyMessage). So the receipts check the price list
// (network versions 0 to 5 here) and the chain-length rule from outside: a message is below
// minGas exactly when its receipt is {exit_code 7, gas_used 0}.
//
// 105 runs fail syntactic validation: 15 messages in each of a genesis file (4 variants) and an
// actorsv2 file (3 variants), all expected to fail by their vectors:
// - msg_application/gas_cost--msg-apply-fail-onchainsize-gas, …-receipt-gas (1 message each) and
//   …-transfer-accountcreation-gas (12 of its messages): GasLimit below the on-chain message gas;
//   receipt 7 with gas_used 0;
// - transfer/basic--fail-negative-amount (1 message): Value −50; receipt 8 (SysErrForbidden).
// Every message of the tipset-class vectors passes.

import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { UnsignedMessage } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import { computeChainLength } from '../../../../../spec/systems/filecoin_vm/message/signed_message.ts'
import { MessageValidationError, computeOnChainMessageGas, validateMessageForBlockInclusion } from '../../../../../spec/systems/filecoin_vm/message/validation.ts'

const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url))
const CORPUS = join(REPO_ROOT, '../shared/conformance/test-vectors/corpus')

// Thin loader: the parts of a vector this test reads.
const Vector = z.object({
  _meta: z.object({ id: z.string() }),
  preconditions: z.object({ variants: z.array(z.object({ id: z.string(), nv: z.number().int() })) }),
  apply_messages: z.array(z.object({ bytes: z.string() })).optional(),
  apply_tipsets: z.array(z.object({ blocks: z.array(z.object({ messages: z.array(z.string()) })) })).optional(),
  postconditions: z.object({ receipts: z.array(z.object({ exit_code: z.number().int(), gas_used: z.number().int() })) }),
})

interface Run {
  file: string
  label: string
  nv: number
  raw: Uint8Array
  receipt?: { exit_code: number; gas_used: number }
}

function runsOf(file: string): Run[] {
  const v = Vector.parse(JSON.parse(readFileSync(join(CORPUS, file), 'utf8')))
  const applied = (v.apply_messages ?? []).map((m, i) => ({ label: `apply_messages[${i}]`, base64: m.bytes, receipt: v.postconditions.receipts[i] }))
  const inTipsets = (v.apply_tipsets ?? []).flatMap((t, i) =>
    t.blocks.flatMap((b, j) => b.messages.map((base64, k) => ({ label: `apply_tipsets[${i}].blocks[${j}].messages[${k}]`, base64, receipt: undefined }))),
  )
  return v.preconditions.variants.flatMap((variant) =>
    [...applied, ...inTipsets].map((m) => ({
      file,
      label: `${v._meta.id} ${variant.id} ${m.label}`,
      nv: variant.nv,
      raw: new Uint8Array(Buffer.from(m.base64, 'base64')),
      ...(m.receipt === undefined ? {} : { receipt: m.receipt }),
    })),
  )
}

const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort()
const runs = files.flatMap(runsOf)

/** The message's chain length as the conformance driver applies it. */
function chainLengthOf(m: UnsignedMessage): number {
  if (m.From.protocol !== 1) return UnsignedMessage.encode(m).length
  return computeChainLength({ Message: m, Signature: { type: 1, data: new Uint8Array(65) } })
}

function validate(run: Run): MessageValidationError | undefined {
  try {
    const m = UnsignedMessage.decode(run.raw)
    validateMessageForBlockInclusion(m, computeOnChainMessageGas(chainLengthOf(m), run.nv), run.nv)
    return undefined
  } catch (e) {
    if (e instanceof MessageValidationError) return e
    throw e
  }
}
const results = runs.map((run) => ({ run, error: validate(run) }))
const failed = results.filter((r) => r.error !== undefined)

describe('conformance corpus: syntactic validation', () => {
  it('reads every message of every variant', () => {
    expect(files.length).toBeGreaterThan(200)
    expect(runs.length).toBe(1673 + 413)
  })

  it('fails exactly the runs listed above', () => {
    expect(failed).toHaveLength(105)
    const byFile = [...new Set(failed.map((r) => r.run.file.replace(/--(genesis|actorsv2)\.json$/, '')))].sort()
    expect(byFile).toEqual([
      'msg_application/gas_cost--msg-apply-fail-onchainsize-gas',
      'msg_application/gas_cost--msg-apply-fail-receipt-gas',
      'msg_application/gas_cost--msg-apply-fail-transfer-accountcreation-gas',
      'transfer/basic--fail-negative-amount',
    ])
    expect(new Set(failed.map((r) => r.error?.field))).toEqual(new Set(['GasLimit', 'Value']))
  })

  it('every run that fails validation is expected to fail by its vector (non-zero exit code)', () => {
    for (const { run, error } of failed) {
      expect(run.receipt, `${run.label}: ${error?.message}`).toBeDefined()
      expect(run.receipt?.exit_code, `${run.label}: ${error?.message}`).not.toBe(0)
    }
  })

  it('GasLimit is below the on-chain message gas exactly when the receipt is SysErrOutOfGas with no gas used', () => {
    for (const { run } of results) {
      if (run.receipt === undefined) continue
      const m = UnsignedMessage.decode(run.raw)
      const below = m.GasLimit < computeOnChainMessageGas(chainLengthOf(m), run.nv)
      const refused = run.receipt.exit_code === 7 && run.receipt.gas_used === 0
      expect(below, run.label).toBe(refused)
    }
  })
})
