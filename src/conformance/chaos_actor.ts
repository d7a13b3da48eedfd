// The chaos actor of the conformance corpus (Lotus conformance/chaos): a test-only actor at f098,
// code `fil/1/chaos`, that makes the runtime do what no builtin actor does (validate its caller
// twice, create actors at chosen addresses, abort with any code, mutate state outside a
// transaction), so that vectors can pin the VM's answer. Registered only for vectors whose
// selector asks for it; it runs at every network version.

import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { address, newIdAddress, type Address } from '../../spec/appendix/address/address.ts'
import { ActorPanic, EMPTY_PARAMS, cborParams, defineMethod, type ActorCode } from '../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { abort } from '../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../spec/systems/filecoin_vm/runtime/runtime.ts'
import { RAW } from '../../spec/libraries/multiformats/multicodec.ts'
import { bigInt } from '../schema/big_int.ts'
import type { Infer } from '../schema/kind.ts'
import { bool, bytes, cid, int64, list, string, uint64 } from '../schema/kinds.ts'
import { defineStruct, field } from '../schema/struct.ts'

export const CHAOS_ACTOR_CODE = CID.create(1, RAW, identity.digest(new TextEncoder().encode('fil/1/chaos')))
export const CHAOS_ACTOR_ADDR: Address = newIdAddress(98n)

export const ChaosState = defineStruct('ChaosState', {
  Value: field(string, 'Set by MutateState.'),
  Unmarshallable: field(list(bool), 'Always empty: its elements cannot be encoded.'),
})

const CallerValidationArgs = defineStruct('CallerValidationArgs', { Branch: field(int64, '0 none, 1 twice, 2 is-address, 3 is-type.'), Addrs: field(list(address), ''), Types: field(list(cid), '') })
const CreateActorArgs = defineStruct('CreateActorArgs', { UndefActorCID: field(bool, ''), ActorCID: field(cid, ''), UndefAddress: field(bool, ''), Address: field(address, '') })
const ResolveAddressResponse = defineStruct('ResolveAddressResponse', { Address: field(address, ''), Success: field(bool, '') })
const SendArgs = defineStruct('SendArgs', { To: field(address, ''), Value: field(bigInt, ''), Method: field(uint64, ''), Params: field(bytes, '') })
const SendReturn = defineStruct('SendReturn', { Return: field(bytes, 'The raw return bytes.'), Code: field(int64, '') })
const MutateStateArgs = defineStruct('MutateStateArgs', { Value: field(string, ''), Branch: field(int64, '0 in transaction, 1 read-only, 2 after transaction.') })
const AbortWithArgs = defineStruct('AbortWithArgs', { Code: field(int64, ''), Message: field(string, ''), Uncontrolled: field(bool, '') })
const InspectRuntimeReturn = defineStruct('InspectRuntimeReturn', {
  Caller: field(address, ''),
  Receiver: field(address, ''),
  ValueReceived: field(bigInt, ''),
  CurrEpoch: field(int64, ''),
  CurrentBalance: field(bigInt, ''),
  State: field(ChaosState, ''),
})

async function callerValidation(rt: Runtime, args: Infer<typeof CallerValidationArgs>): Promise<undefined> {
  switch (args.Branch) {
    case 0n:
      break
    case 1n:
      rt.validateImmediateCallerAcceptAny()
      rt.validateImmediateCallerAcceptAny()
      break
    case 2n:
      rt.validateImmediateCallerIs(...args.Addrs)
      break
    case 3n:
      await rt.validateImmediateCallerType(...args.Types)
      break
    default:
      throw new ActorPanic('invalid branch passed to CallerValidation')
  }
  return undefined
}

async function createActor(rt: Runtime, args: Infer<typeof CreateActorArgs>): Promise<undefined> {
  rt.validateImmediateCallerAcceptAny()
  await rt.createActor(args.UndefActorCID ? undefined : args.ActorCID, args.UndefAddress ? undefined : args.Address)
  return undefined
}

async function resolveAddress(rt: Runtime, addr: Address): Promise<Uint8Array> {
  rt.validateImmediateCallerAcceptAny()
  const id = await rt.resolveAddress(addr)
  return ResolveAddressResponse.encode({ Address: id ?? newIdAddress(0n), Success: id !== undefined })
}

async function deleteActor(rt: Runtime, beneficiary: Address): Promise<undefined> {
  rt.validateImmediateCallerAcceptAny()
  await rt.deleteActor(beneficiary)
  return undefined
}

async function send(rt: Runtime, args: Infer<typeof SendArgs>): Promise<Uint8Array> {
  rt.validateImmediateCallerAcceptAny()
  const { exitCode, returnValue } = await rt.send(args.To, args.Method, args.Params, args.Value)
  return SendReturn.encode({ Return: returnValue, Code: BigInt(exitCode) })
}

async function mutateState(rt: Runtime, args: Infer<typeof MutateStateArgs>): Promise<undefined> {
  rt.validateImmediateCallerAcceptAny()
  switch (args.Branch) {
    case 0n:
      await rt.stateTransaction(ChaosState, (st) => {
        st.Value = args.Value
      })
      break
    case 1n: {
      const st = await rt.stateReadonly(ChaosState)
      st.Value = args.Value // a change no one writes back
      break
    }
    case 2n: {
      const st = await rt.stateTransaction(ChaosState, (s) => {
        s.Value = `${args.Value}-in`
        return s
      })
      st.Value = args.Value // too late: the transaction has been written
      break
    }
    default:
      throw new ActorPanic('unknown mutation type')
  }
  return undefined
}

async function abortWith(_rt: Runtime, args: Infer<typeof AbortWithArgs>): Promise<undefined> {
  if (args.Uncontrolled) throw new ActorPanic(args.Message)
  abort(Number(args.Code), args.Message)
}

async function inspectRuntime(rt: Runtime): Promise<Uint8Array> {
  rt.validateImmediateCallerAcceptAny()
  const state = await rt.stateReadonly(ChaosState)
  return InspectRuntimeReturn.encode({
    Caller: rt.caller,
    Receiver: rt.receiver,
    ValueReceived: rt.valueReceived,
    CurrEpoch: rt.currEpoch,
    CurrentBalance: await rt.getCurrentBalance(),
    State: state,
  })
}

async function createState(rt: Runtime): Promise<undefined> {
  rt.validateImmediateCallerAcceptAny()
  await rt.stateCreate(ChaosState, { Value: '', Unmarshallable: [] })
  return undefined
}

/** The chaos actor: a singleton of no actors version, so that it runs at any. */
export const CHAOS_ACTOR: ActorCode = {
  code: CHAOS_ACTOR_CODE,
  singleton: true,
  actorsVersion: undefined,
  methods: [
    undefined,
    defineMethod(EMPTY_PARAMS, async () => {
      throw new ActorPanic('constructor should not be called; the Chaos actor is a singleton actor')
    }),
    defineMethod(cborParams(CallerValidationArgs), callerValidation),
    defineMethod(cborParams(CreateActorArgs), createActor),
    defineMethod(cborParams(address), resolveAddress),
    defineMethod(cborParams(address), deleteActor),
    defineMethod(cborParams(SendArgs), send),
    defineMethod(cborParams(MutateStateArgs), mutateState),
    defineMethod(cborParams(AbortWithArgs), abortWith),
    defineMethod(EMPTY_PARAMS, inspectRuntime),
    defineMethod(EMPTY_PARAMS, createState),
  ],
}

