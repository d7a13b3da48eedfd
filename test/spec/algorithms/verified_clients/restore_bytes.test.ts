// RestoreBytes (method 6) on the mock runtime, after specs-actors' verified_registry_test.go
// TestRestoreBytes (v0.9.13 and v2.3.2), its clients and sizes, plus the v0/v2 differences in
// naming the client.

import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../spec/appendix/address/address.ts'
import { STORAGE_MARKET_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { VerifregMethod } from '../../../../spec/algorithms/verified_clients/methods.ts'
import { RestoreBytesParams } from '../../../../spec/algorithms/verified_clients/types.ts'
import { MIN, ROOT, bls, setupRegistry } from './harness.ts'

const VERSIONS = [0, 2] as const
const [CLIENT, CLIENT2, CLIENT3] = [newIdAddress(201n), newIdAddress(202n), newIdAddress(203n)]
const VERIFIER = newIdAddress(301n)
const VALLOW = MIN + 100n

describe('RestoreBytes', () => {
  for (const version of VERSIONS) {
    it(`v${version}: restores deal bytes for different verified clients, before and after they use bytes`, async () => {
      const rt = await setupRegistry(version)
      const caps = [3n * MIN, 2n * MIN, MIN + 1n]
      const clients = [CLIENT, CLIENT2, CLIENT3]
      for (const [i, client] of clients.entries()) await rt.addVerifierAndClient(VERIFIER, client, VALLOW, caps[i]!)
      for (const client of clients) expect(await rt.restoreBytes(client, MIN)).toBe(ExitCode.Ok)
      const bal = caps.map((c) => c + MIN)
      expect(await Promise.all(clients.map((c) => rt.getClientCap(c)))).toEqual(bal)
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.useBytes(CLIENT2, MIN)).toBe(ExitCode.Ok)
      expect(await Promise.all(clients.map((c) => rt.getClientCap(c)))).toEqual([bal[0]! - MIN, bal[1]! - MIN, bal[2]])
      for (const client of clients) expect(await rt.restoreBytes(client, MIN)).toBe(ExitCode.Ok)
      expect(await Promise.all(clients.map((c) => rt.getClientCap(c)))).toEqual([bal[0], bal[1], bal[2]! + MIN])
      await rt.expectInvariants()
    })

    it(`v${version}: reads 4 blocks and writes 2 (the clients' root and the state)`, async () => {
      const rt = await setupRegistry(version)
      const call = await rt.invoke(STORAGE_MARKET_ACTOR_ADDR, VerifregMethod.RestoreBytes, RestoreBytesParams.encode({ Address: CLIENT, DealSize: MIN }))
      expect(call).toEqual({ exitCode: ExitCode.Ok, gets: 4, puts: 2 })
    })

    it(`v${version}: restores bytes after using bytes reduced a client's cap`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, 2n * MIN)
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.restoreBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.getClientCap(CLIENT)).toBe(2n * MIN)
      await rt.expectInvariants()
    })

    it(`v${version}: restores bytes after using bytes removed a client, re-adding it with the deal size`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(VERIFIER, CLIENT, VALLOW, MIN + 1n)
      expect(await rt.useBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.getClientCap(CLIENT)).toBeUndefined()
      expect(await rt.restoreBytes(CLIENT, MIN)).toBe(ExitCode.Ok)
      expect(await rt.getClientCap(CLIENT)).toBe(MIN)
      await rt.expectInvariants()
    })

    it(`v${version}: fails if the caller is not the storage market actor (SysErrForbidden)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.restoreBytes(CLIENT, MIN, STORAGE_POWER_ACTOR_ADDR)).toBe(ExitCode.SysErrForbidden)
      await rt.expectInvariants()
    })

    it(`v${version}: fails if the deal size is less than the minimum (ErrIllegalArgument), reading nothing`, async () => {
      const rt = await setupRegistry(version)
      const call = await rt.invoke(STORAGE_MARKET_ACTOR_ADDR, VerifregMethod.RestoreBytes, RestoreBytesParams.encode({ Address: CLIENT, DealSize: MIN - 1n }))
      expect(call).toEqual({ exitCode: ExitCode.ErrIllegalArgument, gets: 0, puts: 0 })
      await rt.expectInvariants()
    })

    it(`v${version}: fails for the root key (ErrIllegalArgument), after reading the state once`, async () => {
      const rt = await setupRegistry(version)
      const call = await rt.invoke(STORAGE_MARKET_ACTOR_ADDR, VerifregMethod.RestoreBytes, RestoreBytesParams.encode({ Address: ROOT, DealSize: MIN }))
      expect(call).toEqual({ exitCode: ExitCode.ErrIllegalArgument, gets: 1, puts: 0 })
      await rt.expectInvariants()
    })

    it(`v${version}: fails for a verifier (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, VALLOW)).toBe(ExitCode.Ok)
      expect(await rt.restoreBytes(VERIFIER, MIN)).toBe(ExitCode.ErrIllegalArgument)
      await rt.expectInvariants()
    })

    it(`v${version}: a stored cap that does not decode aborts with ErrIllegalState`, async () => {
      const rt = await setupRegistry(version)
      await rt.replaceMap('VerifiedClients', [[CLIENT, Uint8Array.of(0xf6)]])
      expect(await rt.restoreBytes(CLIENT, MIN)).toBe(ExitCode.ErrIllegalState)
    })
  }

  it('v2: restores deal bytes after resolving the client address', async () => {
    const rt = await setupRegistry(2)
    rt.addIdAddress(bls(2), newIdAddress(501n))
    await rt.addVerifierAndClient(VERIFIER, newIdAddress(501n), VALLOW, 2n * MIN)
    expect(await rt.useBytes(newIdAddress(501n), MIN)).toBe(ExitCode.Ok)
    expect(await rt.restoreBytes(bls(2), MIN)).toBe(ExitCode.Ok)
    expect(await rt.getClientCap(newIdAddress(501n))).toBe(2n * MIN)
    await rt.expectInvariants()
  })

  it('v0: a client named by another form of its address gets a second entry; the root key by a key address passes', async () => {
    const rt = await setupRegistry(0)
    rt.addIdAddress(bls(2), newIdAddress(501n))
    rt.addIdAddress(bls(9), ROOT)
    await rt.addVerifierAndClient(VERIFIER, newIdAddress(501n), VALLOW, 2n * MIN)
    expect(await rt.restoreBytes(bls(2), MIN)).toBe(ExitCode.Ok)
    expect([await rt.getClientCap(newIdAddress(501n)), await rt.getClientCap(bls(2))]).toEqual([2n * MIN, MIN])
    expect(await rt.restoreBytes(bls(9), MIN)).toBe(ExitCode.Ok)
    await rt.expectInvariants()
  })

  it('v2: the root key by a key address is refused; an unresolvable client is sent zero, then ErrIllegalState', async () => {
    const rt = await setupRegistry(2)
    rt.addIdAddress(bls(9), ROOT)
    expect(await rt.restoreBytes(bls(9), MIN)).toBe(ExitCode.ErrIllegalArgument)
    expect(await rt.restoreBytes(bls(3), MIN)).toBe(ExitCode.ErrIllegalState)
    expect(rt.sends).toEqual([{ to: bls(3), method: 0n, params: undefined, value: 0n }])
    // the deal size is checked before resolving
    expect(await rt.restoreBytes(bls(3), MIN - 1n)).toBe(ExitCode.ErrIllegalArgument)
    expect(rt.sends.length).toBe(1)
  })
})
