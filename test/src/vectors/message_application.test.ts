// Our own message-application vectors pass in our runner, every variant; and a few receipts are
// cross-checked against the corpus, where a Lotus-made vector applies the same kind of message.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectVectorFiles, runVectorFiles } from '../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../src/conformance/corpus.ts'
import { getVectorChainLength } from '../../../src/conformance/runner.ts'
import { parseVector } from '../../../src/conformance/vector.ts'
import { UnsignedMessage } from '../../../spec/systems/filecoin_vm/message/message.ts'

const root = new URL('../../../', import.meta.url).pathname
const dir = join(root, 'vectors/message_application')

describe('vectors/message_application', () => {
  it('every vector and variant passes in the runner', async () => {
    const files = collectVectorFiles([dir])
    expect(files.length).toBe(26)
    const runs = await runVectorFiles(files, dir, () => {})
    expect(runs.filter((r) => r.status !== 'passed')).toEqual([])
    expect(runs.length).toBe(13 * 4 + 13 * 2)
  })

  it('a plain transfer costs what Lotus charged for one in the corpus, less the length difference', () => {
    // transfer/basic--ok: f0100 sends 50 attoFIL to f0101; the gas is the on-chain charge (1000 per
    // byte on chain) plus the same send charges, so the difference is 1000 × Δ(chain length).
    const ours = parseVector('ours', readFileSync(join(dir, 'transfer--ok--actorsv0.json'), 'utf8'))
    const lotus = parseVector('lotus', readFileSync(join(corpusDir(root), 'transfer/basic--ok--genesis.json'), 'utf8'))
    const length = (v: typeof ours) => getVectorChainLength(UnsignedMessage.decode(Buffer.from(v.apply_messages![0]!.bytes, 'base64')))
    const gas = (v: typeof ours) => v.postconditions.receipts[0]!.gas_used
    expect(gas(ours) - gas(lotus)).toBe(1000 * (length(ours) - length(lotus)))
  })
})
