// UseBytes (method 5) on the mock runtime, after specs-actors' verified_registry_test.go
// TestUseBytes (v0.9.13 and v2.3.2), its clients and sizes, plus the removal threshold at
// MinVerifiedDealSize and the v0/v2 differences in naming the client and in the order of checks.

import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../spec/appendix/address/address.ts'
import { ActorPanic } from '../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { STORAGE_POWER_ACTOR_ADDR } from '../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { VerifregMethod } from '../../../../spec/algorithms/verified_clients/methods.ts'
import { encodeDataCap } from '../../../../spec/algorithms/verified_clients/state.ts'
import { UseBytesParams } from '../../../../spec/algorithms/verified_clients/types.ts'
import { STORAGE_MARKET_ACTOR_ADDR } from '../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { MIN, bls, setupRegistry } from './harness.ts'

const VERSIONS = [0, 2] as const
const [CLIENT, CLIENT2, CLIENT3] = [newIdAddress(201n), newIdAddress(202n), newIdAddress(203n)]
const VERIFIER = newIdAddress(301n)
const VALLOW = MIN + 100n

describe('UseBytes', () => {
  for (const version of VERSIONS) {
    it(`v${version}: consumes deal bytes for deals from different verified clients, removing a client left below the minimum`, async () => {
      const rt = await setupRegistry(version)
      const [ca1, ca2, ca3] = [3n * MIN, 2n * MIN, MIN + 1n]
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, ca1)
      await rt.addVerifierAndClient(VERIFIER, CLIENT2, VALLOW, ca2)
      await rt.addVerifierAndClient(VERIFIER, CLIENT3, VALLOW, ca3)
      for (const client of [CLIENT, CLIENT2, CLIENT3]) expect(await rt.useBytes(client, MIN)).toBe(ExitCode.Ok)
      expect([await rt.getClientCap(CLIENT), await rt.getClientCap(CLIENT2), await rt.getClientCap(CLIENT3)]).toEqual([2n * MIN, MIN, undefined])
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.useBytes(CLIENT2, MIN)).toBe(ExitCode.Ok)
      expect([await rt.getClientCap(CLIENT), await rt.getClientCap(CLIENT2)]).toEqual([MIN, undefined])
      await rt.expectInvariants()
    })

    it(`v${version}: reads 2 blocks and writes 2 (the clients' root and the state)`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, 2n * MIN)
      const call = await rt.invoke(STORAGE_MARKET_ACTOR_ADDR, VerifregMethod.UseBytes, UseBytesParams.encode({ Address: CLIENT, DealSize: MIN }))
      expect(call).toEqual({ exitCode: ExitCode.Ok, gets: 2, puts: 2 })
    })

    it(`v${version}: a client left with exactly the minimum is kept, one left with a byte less removed`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, 2n * MIN)
      await rt.addVerifierAndClient(VERIFIER, CLIENT2, VALLOW, 2n * MIN - 1n)
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.useBytes(CLIENT2, MIN)).toBe(ExitCode.Ok)
      expect([await rt.getClientCap(CLIENT), await rt.getClientCap(CLIENT2)]).toEqual([MIN, undefined])
      // a deal of the whole cap empties it
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.getClientCap(CLIENT)).toBeUndefined()
      await rt.expectInvariants()
    })

    it(`v${version}: consumes bytes, then fails on the next deal for lack of allowance (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      const allowance = 2n * MIN + 1n
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, allowance)
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.getClientCap(CLIENT)).toBe(allowance - MIN)
      expect(await rt.useBytes(CLIENT, MIN + 2n)).toBe(ExitCode.ErrIllegalArgument)
      expect(await rt.getClientCap(CLIENT)).toBe(allowance - MIN)
      await rt.expectInvariants()
    })

    it(`v${version}: consumes bytes, then fails on the next deal because the client was removed (ErrNotFound)`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, MIN + 1n)
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.ErrNotFound)
      await rt.expectInvariants()
    })

    it(`v${version}: fails if the caller is not the storage market actor (SysErrForbidden), reading nothing`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, 2n * MIN)
      const call = await rt.invoke(STORAGE_POWER_ACTOR_ADDR, VerifregMethod.UseBytes, UseBytesParams.encode({ Address: CLIENT, DealSize: MIN }))
      expect(call).toEqual({ exitCode: ExitCode.SysErrForbidden, gets: 0, puts: 0 })
      await rt.expectInvariants()
    })

    it(`v${version}: fails if the deal size is less than the minimum (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, 2n * MIN)
      expect(await rt.useBytes(CLIENT, MIN - 1n)).toBe(ExitCode.ErrIllegalArgument)
      expect(await rt.useBytes(CLIENT, -MIN)).toBe(ExitCode.ErrIllegalArgument)
      await rt.expectInvariants()
    })

    it(`v${version}: fails if the verified client does not exist (ErrNotFound)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.ErrNotFound)
      await rt.expectInvariants()
    })

    it(`v${version}: fails if the deal size is greater than the client's cap (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, MIN + 1n)
      expect(await rt.useBytes(CLIENT, MIN + 2n)).toBe(ExitCode.ErrIllegalArgument)
      await rt.expectInvariants()
    })

    it(`v${version}: a negative stored cap fails specs-actors' assertion (an actor panic)`, async () => {
      const rt = await setupRegistry(version)
      await rt.replaceMap('VerifiedClients', [[CLIENT, encodeDataCap(-1n)]])
      await expect(rt.useBytes(CLIENT, MIN)).rejects.toThrow(ActorPanic)
    })

    it(`v${version}: a stored cap that does not decode aborts with ErrIllegalState`, async () => {
      const rt = await setupRegistry(version)
      await rt.replaceMap('VerifiedClients', [[CLIENT, Uint8Array.of(0x41, 0x00)]])
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.ErrIllegalState)
    })
  }

  it('v2: consumes deal bytes after resolving the client’s non-ID address', async () => {
    const rt = await setupRegistry(2)
    rt.addIdAddress(bls(2), newIdAddress(501n))
    await rt.addVerifierAndClient(VERIFIER, newIdAddress(501n), VALLOW, 2n * MIN + 1n)
    expect(await rt.useBytes(bls(2), MIN)).toBe(ExitCode.Ok)
    expect(await rt.getClientCap(newIdAddress(501n))).toBe(MIN + 1n)
    await rt.expectInvariants()
  })

  it('v0: a client named by another form of its address is not found', async () => {
    const rt = await setupRegistry(0)
    rt.addIdAddress(bls(2), newIdAddress(501n))
    await rt.addVerifierAndClient(VERIFIER, newIdAddress(501n), VALLOW, 2n * MIN + 1n)
    expect(await rt.useBytes(bls(2), MIN)).toBe(ExitCode.ErrNotFound)
  })

  it('v2 resolves the client before checking the deal size; v0 checks the size first', async () => {
    const v2 = await setupRegistry(2)
    expect(await v2.useBytes(bls(2), MIN - 1n)).toBe(ExitCode.ErrIllegalState)
    expect(v2.sends).toEqual([{ to: bls(2), method: 0n, params: undefined, value: 0n }])
    const v0 = await setupRegistry(0)
    expect(await v0.useBytes(bls(2), MIN - 1n)).toBe(ExitCode.ErrIllegalArgument)
    expect(v0.sends).toEqual([])
  })
})
