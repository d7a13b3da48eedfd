// The price list against Lotus's own gas traces: every message vector of the corpus carries, in
// its diagnostics, the ExecutionTrace Lotus recorded (gzip, base64 twice), with each GasCharge's
// name, total (tg) and storage part (sg, before the multiplier) and extra (ex: a put's size, the
// t/i flags of an invocation). Each charge must be what our price list gives for the same inputs.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  PRICE_LISTS,
  getPriceList,
  onChainMessage,
  onChainReturnValue,
  onCreateActor,
  onDeleteActor,
  onIpldGet,
  onIpldPut,
  onMethodInvocation,
  onVerifySignature,
  type GasCharge,
} from '../../../../../spec/systems/filecoin_vm/gas_fee/price_list.ts'
import { collectVectorFiles } from '../../../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../../../src/conformance/corpus.ts'
import { getLotusCalls, readLotusTraces } from '../../../../support/lotus_trace.ts'

const total = (c: GasCharge) => Number(c.compute + c.storage)
const pl = getPriceList(0)

describe('price list v0 against the gas charges Lotus recorded in the corpus', () => {
  const all = collectVectorFiles([join(corpusDir(process.cwd()))]).flatMap((f) => getLotusCalls(readLotusTraces(f) ?? []).flatMap((c) => c.GasCharges ?? []))

  it('reads thousands of charges from the vectors’ traces', () => {
    expect(all.length).toBeGreaterThan(5000)
  })

  it('every charge of a priced operation equals our price for the same inputs', () => {
    const seen = new Set<string>()
    for (const c of all) {
      let ours: number | undefined
      switch (c.Name) {
        case 'OnIpldGet':
          ours = total(onIpldGet(pl))
          break
        case 'OnIpldPut':
          ours = total(onIpldPut(pl, c.ex as number))
          break
        case 'OnCreateActor':
          ours = total(onCreateActor(pl))
          break
        case 'OnDeleteActor':
          ours = total(onDeleteActor(pl))
          break
        case 'OnChainMessage':
          ours = total(onChainMessage(pl, c.sg! - Number(pl.onChainMessage.storageBase)))
          break
        case 'OnChainReturnValue':
          ours = total(onChainReturnValue(pl, c.sg!))
          break
        case 'OnMethodInvocation': {
          const flags = String(c.ex ?? '')
          ours = total(onMethodInvocation(pl, flags.includes('t') ? 1n : 0n, flags.includes('i') ? 2n : 0n))
          break
        }
        case 'OnVerifySignature':
          ours = total(onVerifySignature(pl, (c.ex as { type: string }).type === 'bls' ? 2 : 1)!)
          break
        default:
          continue
      }
      seen.add(c.Name)
      expect(ours, `${c.Name} ${JSON.stringify(c.ex)}`).toBe(c.tg)
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['OnChainMessage', 'OnCreateActor', 'OnIpldGet', 'OnIpldPut', 'OnMethodInvocation']))
  })
})

describe('price lists by network version', () => {
  it('Calico (network version 7) raises the storage multiplier and block prices, nothing else', () => {
    expect(getPriceList(6)).toBe(PRICE_LISTS[0])
    const calico = getPriceList(7)
    expect([calico.storageMulti, calico.ipldGetBase, calico.ipldPutBase]).toEqual([1300n, 114617n, 353640n])
    expect(total(onIpldPut(calico, 100))).toBe(353640 + 130000)
    expect(calico.sendBase).toBe(pl.sendBase)
  })
})
