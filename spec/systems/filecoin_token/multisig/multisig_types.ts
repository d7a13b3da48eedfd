// Spec section: Systems › Filecoin Token › Multisig Wallet, "Parameters and return values". What
// each multisig method reads and returns, as cbor-gen tuples (specs-actors v0.9.13 and v2.3.2
// actors/builtin/multisig/multisig_actor.go; v2 reuses every v0 type but the constructor's).

import { address } from '../../../appendix/address/address.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { bigInt } from '../../../../src/schema/big_int.ts'
import { bool, bytes, int64, list, uint64 } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

export const MultisigConstructorParamsV0 = defineStruct(
  'MultisigConstructorParamsV0',
  {
    Signers: field(list(address), 'The signers, in any address protocol; each is resolved to its ID address.'),
    NumApprovalsThreshold: field(uint64, 'Approvals needed, from 1 to the number of signers.'),
    UnlockDuration: field(int64, 'Epochs over which the value received unlocks, from the current epoch; 0 for no lock.'),
  },
  { doc: 'Parameters of the multisig Constructor (method 1) in actors v0.' },
)
export type MultisigConstructorParamsV0 = Infer<typeof MultisigConstructorParamsV0>

export const MultisigConstructorParamsV2 = defineStruct(
  'MultisigConstructorParamsV2',
  {
    Signers: field(list(address), 'The signers, in any address protocol; each is resolved to its ID address.'),
    NumApprovalsThreshold: field(uint64, 'Approvals needed, from 1 to the number of signers.'),
    UnlockDuration: field(int64, 'Epochs over which the value received unlocks; 0 for no lock.'),
    StartEpoch: field(int64, 'The epoch the unlocking starts from (added in v2).'),
  },
  { doc: 'Parameters of the multisig Constructor (method 1) in actors v2.' },
)
export type MultisigConstructorParamsV2 = Infer<typeof MultisigConstructorParamsV2>

export const ProposeParams = defineStruct(
  'ProposeParams',
  {
    To: field(address, 'Where the transaction sends to.'),
    Value: field(bigInt, 'The value it sends; negative is refused.'),
    Method: field(uint64, 'The method it calls.'),
    Params: field(bytes, 'The parameters of that call, as CBOR bytes, passed on unread.'),
  },
  { doc: 'Parameters of Propose (method 2).' },
)
export type ProposeParams = Infer<typeof ProposeParams>

export const ProposeReturn = defineStruct(
  'ProposeReturn',
  {
    TxnID: field(int64, 'The ID the transaction got.'),
    Applied: field(bool, 'Whether it was sent, because this one approval was enough.'),
    Code: field(int64, 'The exit code of the send, when Applied; else 0.'),
    Ret: field(bytes, 'The return bytes of the send, when Applied and it succeeded; else empty.'),
  },
  { doc: 'Return value of Propose.' },
)
export type ProposeReturn = Infer<typeof ProposeReturn>

export const TxnIDParams = defineStruct(
  'TxnIDParams',
  {
    ID: field(int64, 'The transaction.'),
    ProposalHash: field(bytes, 'The BLAKE2b-256 of its ProposalHashData, to check; empty for no check.'),
  },
  { doc: 'Parameters of Approve (method 3) and Cancel (method 4).' },
)
export type TxnIDParams = Infer<typeof TxnIDParams>

export const ApproveReturn = defineStruct(
  'ApproveReturn',
  {
    Applied: field(bool, 'Whether the transaction was sent.'),
    Code: field(int64, 'The exit code of the send, when Applied; else 0.'),
    Ret: field(bytes, 'The return bytes of the send, when Applied and it succeeded; else empty.'),
  },
  { doc: 'Return value of Approve.' },
)
export type ApproveReturn = Infer<typeof ApproveReturn>

export const AddSignerParams = defineStruct(
  'AddSignerParams',
  {
    Signer: field(address, 'The new signer, in any address protocol.'),
    Increase: field(bool, 'Whether the threshold goes up by one too.'),
  },
  { doc: 'Parameters of AddSigner (method 5).' },
)
export type AddSignerParams = Infer<typeof AddSignerParams>

export const RemoveSignerParams = defineStruct(
  'RemoveSignerParams',
  {
    Signer: field(address, 'The signer to remove, in any address protocol.'),
    Decrease: field(bool, 'Whether the threshold goes down by one too.'),
  },
  { doc: 'Parameters of RemoveSigner (method 6).' },
)
export type RemoveSignerParams = Infer<typeof RemoveSignerParams>

export const SwapSignerParams = defineStruct(
  'SwapSignerParams',
  {
    From: field(address, 'The signer to remove.'),
    To: field(address, 'The signer to add in its place (at the end of the list).'),
  },
  { doc: 'Parameters of SwapSigner (method 7).' },
)
export type SwapSignerParams = Infer<typeof SwapSignerParams>

export const ChangeNumApprovalsThresholdParams = defineStruct(
  'ChangeNumApprovalsThresholdParams',
  { NewThreshold: field(uint64, 'The new threshold, from 1 to the number of signers.') },
  { doc: 'Parameters of ChangeNumApprovalsThreshold (method 8).' },
)
export type ChangeNumApprovalsThresholdParams = Infer<typeof ChangeNumApprovalsThresholdParams>

export const LockBalanceParams = defineStruct(
  'LockBalanceParams',
  {
    StartEpoch: field(int64, 'The epoch the unlocking starts from.'),
    UnlockDuration: field(int64, 'Epochs over which Amount unlocks; must be positive.'),
    Amount: field(bigInt, 'The amount to lock.'),
  },
  { doc: 'Parameters of LockBalance (method 9).' },
)
export type LockBalanceParams = Infer<typeof LockBalanceParams>
