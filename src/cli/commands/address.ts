// `filspec address <subcommand>`: Filecoin addresses. The subcommands are the table SUBCOMMANDS
// (`inspect` here; `new`, which makes keys, is added beside it), so that a new subcommand is one
// entry, with its own usage line.
import { toHex } from 'multiformats/bytes'
import { type Command, type CommandContext, UsageError } from '../command.ts'
import { addressFromString, addressToBytes, addressToString, getDelegatedParts, getId, type Address, type Network } from '../../../spec/appendix/address/address.ts'
import {
  ethAddressFromFilecoinAddress,
  ethAddressToFilecoinAddress,
  ethAddressToString,
  isEthAddress,
  parseEthAddress,
} from '../../../spec/appendix/address/eth_address.ts'
import { KEY_TYPES, encodeLotusKeyInfo, generateKey, type KeyType } from '../../crypto/keys.ts'

/** One subcommand of `filspec address`. */
export interface Subcommand {
  /** Its name, arguments and options, as typed after `address`. */
  usage: string
  /** What it does, in a few words. */
  summary: string
  run(ctx: CommandContext): Promise<number>
}

const PROTOCOL_NAMES = ['id', 'secp256k1', 'actor', 'bls', 'delegated']

/**
 * What `inspect` prints: protocol, payload and byte form (hex), network; the ID of an ID address
 * (a decimal string: IDs reach 2^63 − 1, past JSON numbers' exact range); namespace and subaddress
 * of a delegated address, and the EIP-55 Ethereum form of an f410 Ethereum address.
 */
export function inspectAddress(a: Address, network: Network): Record<string, string | number> {
  const facts: Record<string, string | number> = { protocol: a.protocol, payload: toHex(a.payload), bytes: toHex(addressToBytes(a)), network }
  if (a.protocol === 0) facts.id = getId(a).toString()
  if (a.protocol === 4) {
    const { namespace, subaddress } = getDelegatedParts(a)
    facts.namespace = namespace.toString()
    facts.subaddress = toHex(subaddress)
  }
  if (isEthAddress(a)) facts.ethAddress = ethAddressToString(ethAddressFromFilecoinAddress(a))
  return facts
}

/** A Filecoin address string, or an Ethereum `0x` address read as its mainnet Filecoin form. */
function readAddress(text: string): { address: Address; network: Network } {
  if (text.startsWith('0x')) return { address: ethAddressToFilecoinAddress(parseEthAddress(text)), network: 'f' }
  return { address: addressFromString(text), network: text[0] as Network }
}

const inspect: Subcommand = {
  usage: 'inspect <addr> [--json]',
  summary: 'protocol, payload, bytes, network (and ID or Ethereum form) of an address or 0x address',
  async run({ args, values, out }) {
    const [text, ...rest] = args
    if (text === undefined || rest.length > 0) throw new UsageError('address inspect: expected one argument <addr>')
    const { address, network } = readAddress(text)
    const facts = inspectAddress(address, network)
    if (values.json === true) {
      out(`${JSON.stringify(facts)}\n`)
      return 0
    }
    const described: Record<string, string | number> = {
      address: addressToString(address, network),
      ...facts,
      protocol: `${address.protocol} (${PROTOCOL_NAMES[address.protocol]})`,
      network: network === 'f' ? 'f (mainnet)' : 't (testnet)',
    }
    out(Object.entries(described).map(([k, v]) => `${k.padEnd(11)} ${v}\n`).join(''))
    return 0
  },
}

/**
 * `new secp256k1|bls`: a fresh key's mainnet address and its private key as `lotus wallet export`
 * prints it (hex of the key-info JSON; `lotus wallet import` reads it).
 */
const newKey: Subcommand = {
  usage: 'new secp256k1|bls [--json]',
  summary: "a new key: its address and the private key in Lotus's export form",
  async run({ args, values, out }) {
    const [type, ...rest] = args
    if (!KEY_TYPES.includes(type as KeyType) || rest.length > 0) {
      throw new UsageError(`address new: expected one key type (${KEY_TYPES.join(' or ')}), got ${JSON.stringify(args.join(' '))}`)
    }
    const key = generateKey(type as KeyType)
    const facts = { address: addressToString(key.address), type: key.type, privateKey: encodeLotusKeyInfo(key.type, key.privateKey) }
    out(values.json === true ? `${JSON.stringify(facts)}\n` : `address     ${facts.address}\nprivate key ${facts.privateKey}\n`)
    return 0
  },
}

/** The subcommands, by name. */
export const SUBCOMMANDS: Record<string, Subcommand> = { inspect, new: newKey }

/** `filspec help` lines: usage in a 31-column field (on a line of its own when longer), then the summary. */
function helpLines(): string {
  return Object.values(SUBCOMMANDS)
    .map(({ usage, summary }) => {
      const left = `address ${usage}`
      return left.length < 31 ? `${left.padEnd(31)}${summary}` : `${left}\n${' '.repeat(33)}${summary}`
    })
    .join('\n  ')
}

export const command: Command = {
  name: 'address',
  usage: helpLines(),
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const [name, ...args] = ctx.args
    const sub = name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined
    if (sub === undefined) throw new UsageError(`address: expected a subcommand (${Object.keys(SUBCOMMANDS).join(', ')}), got ${JSON.stringify(name ?? '')}`)
    return sub.run({ ...ctx, args })
  },
}
