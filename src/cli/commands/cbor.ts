// `filspec cbor decode <hex|base64>`: reads one strict DAG-CBOR item (spec/libraries/ipld) and
// prints it in diagnostic notation; input that is not strict DAG-CBOR gets the CborError, which
// names the byte at fault.
import { decodeCbor } from '../../../spec/libraries/ipld/dag_cbor.ts'
import { formatCbor } from '../../../spec/libraries/ipld/diagnostic.ts'
import { type Command, UsageError } from '../command.ts'
import { parseBinaryArgument } from './message.ts'

export const command: Command = {
  name: 'cbor',
  usage: 'cbor decode <hex|base64>       print strict DAG-CBOR in diagnostic notation',
  async run({ args, out }) {
    const [sub, input, ...rest] = args
    if (sub !== 'decode') throw new UsageError(`cbor: expected subcommand "decode", got ${JSON.stringify(sub ?? '')}`)
    if (input === undefined || rest.length > 0) throw new UsageError('cbor decode: expected one argument <hex|base64>')
    out(`${formatCbor(decodeCbor(parseBinaryArgument(input, 'cbor decode')))}\n`)
    return 0
  },
}
