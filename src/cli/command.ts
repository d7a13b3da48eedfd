// A command of the filspec CLI: plain data plus a run function (one module per command under
// commands/, found by main.ts at start-up, so adding a command touches no shared list).
import type { ParseArgsConfig } from 'node:util'
import { FilspecError } from '../schema/errors.ts'

export interface CommandContext {
  /** The repository (--root, default the current directory). */
  root: string
  /** Positional arguments after the command name. */
  args: string[]
  /** Parsed options. */
  values: Record<string, string | boolean | undefined>
  out: (text: string) => void
  err: (text: string) => void
}

export interface Command {
  name: string
  /** One line of `filspec help`: arguments then what it does. */
  usage: string
  options?: NonNullable<ParseArgsConfig['options']>
  run(ctx: CommandContext): Promise<number>
}

/** Bad usage: one line on stderr, exit code 2. */
export class UsageError extends FilspecError {
  override name = 'UsageError'
}
