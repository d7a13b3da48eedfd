// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Methods". The
// parameters and return values of the miner methods this section implements, encoded as
// specs-actors v0.9.13 and v2.3.2 cbor_gen.go does (the same in both versions).

import { address } from '../../../../appendix/address/address.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { int64, list } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'

export const GetControlAddressesReturn = defineStruct(
  'GetControlAddressesReturn',
  {
    Owner: field(address, 'The owner.'),
    Worker: field(address, 'The worker.'),
    ControlAddrs: field(list(address), 'The further control addresses.'),
  },
  { doc: 'Return value of ControlAddresses (method 2).' },
)
export type GetControlAddressesReturn = Infer<typeof GetControlAddressesReturn>

export const CronEventPayload = defineStruct(
  'CronEventPayload',
  { EventType: field(int64, 'What the event is for: 0 worker key change (v0 only), 1 proving deadline, 2 early terminations.') },
  { doc: 'The payload a miner enrolls with the power actor and gets back in OnDeferredCronEvent (method 12).' },
)
export type CronEventPayload = Infer<typeof CronEventPayload>

/** The kinds of cron event (`CronEventType`). */
export const CronEventType = {
  WorkerKeyChange: 0n,
  ProvingDeadline: 1n,
  ProcessEarlyTerminations: 2n,
} as const
