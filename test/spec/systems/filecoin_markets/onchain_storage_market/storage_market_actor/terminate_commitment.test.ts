// OnMinerSectorsTerminate (deals of terminated sectors marked slashed, for cron to settle) and
// ComputeDataCommitment (a sector's CommD from its deals' pieces, through the runtime's syscall):
// what each changes, every exit code, and the reference's panic on another provider's deal.

import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { ActorPanic, NotImplementedError } from '../../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { SyscallError } from '../../../../../../spec/systems/filecoin_vm/runtime/runtime.ts'
import { CLIENT, OTHER_PROVIDER, PROVIDER, makePieceCid, setupMarket } from './harness.ts'

describe.each([0, 2] as const)('OnMinerSectorsTerminate, actors v%i', (version) => {
  const setup = async () => {
    const rt = await setupMarket(version)
    rt.currEpoch = 1000n
    const p = rt.makeProposal()
    const id = await rt.publishAndActivate(p)
    return { rt, p, id }
  }

  it('marks a running deal slashed at the termination epoch; a second termination leaves the first epoch', async () => {
    const { rt, p, id } = await setup()
    rt.currEpoch = p.StartEpoch + 10n
    const r = await rt.terminate(PROVIDER, rt.currEpoch, [id])
    expect(r.exitCode).toBe(0)
    expect(await rt.getDealState(id)).toEqual({ SectorStartEpoch: 1000n, LastUpdatedEpoch: -1n, SlashEpoch: p.StartEpoch + 10n })
    // state, proposals and states roots; states and state written
    expect(r.access.map((a) => a.op).join(' ')).toBe('get get get put put')
    rt.currEpoch += 5n
    expect((await rt.terminate(PROVIDER, rt.currEpoch, [id])).exitCode).toBe(0)
    expect((await rt.getDealState(id))!.SlashEpoch).toBe(p.StartEpoch + 10n)
    await rt.expectInvariants()
  })

  it('skips a deal already ended at the epoch, and a deal that no longer exists', async () => {
    const { rt, p, id } = await setup()
    rt.currEpoch = p.EndEpoch
    expect((await rt.terminate(PROVIDER, p.EndEpoch, [id, 42n])).exitCode).toBe(0)
    expect((await rt.getDealState(id))!.SlashEpoch).toBe(-1n)
    await rt.expectInvariants()
  })

  it('a deal published but never activated: ErrIllegalArgument', async () => {
    const { rt } = await setup()
    const q = rt.makeProposal({ PieceCID: makePieceCid(4) })
    await rt.fundDeal(q)
    const [id] = await rt.publishOk([q])
    expect((await rt.terminate(PROVIDER, rt.currEpoch, [id!])).exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it('a caller that is no miner: SysErrForbidden; another provider’s deal: a Go assertion, a panic', async () => {
    const { rt, id } = await setup()
    expect((await rt.terminate(CLIENT, rt.currEpoch, [id])).exitCode).toBe(ExitCode.SysErrForbidden)
    await expect(rt.terminate(OTHER_PROVIDER, rt.currEpoch, [id])).rejects.toThrow(ActorPanic)
  })
})

describe.each([0, 2] as const)('ComputeDataCommitment, actors v%i', (version) => {
  const setup = async () => {
    const rt = await setupMarket(version)
    const deals = [rt.makeProposal({ PieceCID: makePieceCid(1), PieceSize: 1024n }), rt.makeProposal({ PieceCID: makePieceCid(2), PieceSize: 512n })]
    for (const d of deals) await rt.fundDeal(d)
    const ids = await rt.publishOk(deals)
    return { rt, ids }
  }
  const commD = CID.parse('baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq')

  it('asks the syscall for the CommD of the deals’ pieces, in the order given, and returns it as a CBOR link', async () => {
    const { rt, ids } = await setup()
    rt.onComputeUnsealedSectorCid = () => commD
    const r = await rt.computeDataCommitment(PROVIDER, [ids[1]!, ids[0]!], 3n)
    expect(r.exitCode).toBe(0)
    expect(r.ret).toEqual(dagCbor.encode(commD))
    expect(rt.unsealedCidRequests).toEqual([{ sealProof: 3n, pieces: [{ PieceCID: makePieceCid(2), Size: 512n }, { PieceCID: makePieceCid(1), Size: 1024n }] }])
    expect(r.access.every((a) => a.op === 'get')).toBe(true)
  })

  it('a deal that does not exist: ErrNotFound, the syscall not asked; a syscall error: ErrIllegalArgument', async () => {
    const { rt, ids } = await setup()
    expect((await rt.computeDataCommitment(PROVIDER, [ids[0]!, 9n], 3n)).exitCode).toBe(ExitCode.ErrNotFound)
    expect(rt.unsealedCidRequests).toEqual([])
    rt.onComputeUnsealedSectorCid = () => {
      throw new SyscallError('pieces larger than the sector')
    }
    expect((await rt.computeDataCommitment(PROVIDER, ids, 0n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it('with no CommD implementation behind the syscall: NotImplementedError, so that a run stops rather than guess', async () => {
    const { rt, ids } = await setup()
    await expect(rt.computeDataCommitment(PROVIDER, ids, 3n)).rejects.toThrow(NotImplementedError)
  })

  it('a caller that is no miner: SysErrForbidden', async () => {
    const { rt, ids } = await setup()
    expect((await rt.computeDataCommitment(CLIENT, ids, 3n)).exitCode).toBe(ExitCode.SysErrForbidden)
  })
})
