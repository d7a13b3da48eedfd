// `filspec message decode <hex|base64> [--json]`: reads an unsigned or a signed message and prints
// its Lotus JSON with its CID, written as Lotus's MarshalJSON writes it (a "CID" key beside the
// fields, in the signed message and in its inner message).
import * as dagCbor from '@ipld/dag-cbor'
import { base64pad } from 'multiformats/bases/base64'
import type { CID } from 'multiformats/cid'
import type { Json } from '../../schema/kind.ts'
import { SchemaError } from '../../schema/errors.ts'
import { UnsignedMessage, computeMessageCid } from '../../../spec/systems/filecoin_vm/message/message.ts'
import { SignedMessage, computeChainLength, computeSignedMessageCid } from '../../../spec/systems/filecoin_vm/message/signed_message.ts'
import { SIG_TYPE_BLS, SIG_TYPE_DELEGATED, type SigType } from '../../../spec/algorithms/crypto/signatures/signature.ts'
import { type Command, UsageError } from '../command.ts'

const SIG_TYPE_NAMES: Record<SigType, string> = { 1: 'secp256k1', 2: 'bls', 3: 'delegated' }

/** Hex (optionally 0x-prefixed, even length) first, since every hex string is also base64 text. */
export function parseBinaryArgument(text: string, what: string): Uint8Array {
  const hex = text.startsWith('0x') ? text.slice(2) : text
  if (/^([0-9a-fA-F]{2})+$/.test(hex)) return Uint8Array.from(Buffer.from(hex, 'hex'))
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0) {
    try {
      return base64pad.baseDecode(text.replace(/=+$/, ''))
    } catch {
      // stray bits: reported below
    }
  }
  throw new UsageError(`${what}: expected hex or padded base64, got ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`)
}

const withCid = (json: { [key: string]: Json }, cid: CID): { [key: string]: Json } => ({ ...json, CID: { '/': cid.toString() } })

/** What `decode` prints: the message's kind, CID, how the CID was chosen, chain length and Lotus JSON. */
export interface DecodedMessage {
  type: 'UnsignedMessage' | 'SignedMessage'
  cid: string
  signatureType?: string
  cidRule?: string
  chainLength: number
  lotusJson: { [key: string]: Json }
}

/** A signed message is a 2-array [10-array, bytes] (Lotus SignedMessage); anything else is read as unsigned. */
export function decodeMessage(raw: Uint8Array): DecodedMessage {
  let data: unknown
  try {
    data = dagCbor.decode(raw)
  } catch (e) {
    throw new SchemaError('message', `expected dag-cbor, got ${(e as Error).message}`)
  }
  const signed = Array.isArray(data) && data.length === 2 && Array.isArray(data[0]) && data[1] instanceof Uint8Array
  if (!signed) {
    const m = UnsignedMessage.decode(raw)
    const cid = computeMessageCid(m)
    return { type: 'UnsignedMessage', cid: cid.toString(), chainLength: raw.length, lotusJson: withCid(UnsignedMessage.toJson(m), cid) }
  }
  const sm = SignedMessage.decode(raw)
  const cid = computeSignedMessageCid(sm)
  const type = sm.Signature.type
  const cidRule =
    type === SIG_TYPE_BLS
      ? 'BLS: the CID of the unsigned message (the signature is aggregated in the block)'
      : `${type === SIG_TYPE_DELEGATED ? 'delegated' : 'secp256k1'}: the CID of the signed message`
  const json = SignedMessage.toJson(sm)
  const message = withCid(UnsignedMessage.toJson(sm.Message), computeMessageCid(sm.Message))
  return {
    type: 'SignedMessage',
    cid: cid.toString(),
    signatureType: SIG_TYPE_NAMES[type],
    cidRule,
    chainLength: computeChainLength(sm),
    lotusJson: withCid({ ...json, Message: message }, cid),
  }
}

function renderText(d: DecodedMessage): string {
  const lines = [`${d.type}${d.signatureType === undefined ? '' : ` (${d.signatureType} signature)`}`, `cid: ${d.cid}`]
  if (d.cidRule !== undefined) lines.push(`cid rule: ${d.cidRule}`)
  lines.push(`chain length: ${d.chainLength} bytes`, JSON.stringify(d.lotusJson, null, 2))
  return `${lines.join('\n')}\n`
}

export const command: Command = {
  name: 'message',
  usage: 'message decode <hex|base64> [--json]\n                                 decode an unsigned or signed message: its Lotus JSON and CID',
  options: { json: { type: 'boolean' } },
  async run({ args, values, out }) {
    const [sub, input, ...rest] = args
    if (sub !== 'decode') throw new UsageError(`message: expected subcommand "decode", got ${JSON.stringify(sub ?? '')}`)
    if (input === undefined || rest.length > 0) throw new UsageError('message decode: expected one argument <hex|base64>')
    const decoded = decodeMessage(parseBinaryArgument(input, 'message decode'))
    out(values.json === true ? `${JSON.stringify(decoded, null, 2)}\n` : renderText(decoded))
    return 0
  },
}
