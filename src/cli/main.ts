// The filspec command line. Each command is a module under commands/ exporting `command`.
// Exit codes: 0 success, 1 the checked thing is wrong (check findings, stale generated files),
// 2 bad usage or bad input (one line on stderr, never a stack trace).
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { FilspecError } from '../schema/errors.ts'
import { type Command, UsageError } from './command.ts'

const COMMANDS_DIR = new URL('./commands/', import.meta.url)

/** Command names from the module files (audit_diff.ts → audit-diff), without loading them. */
function commandNames(): string[] {
  return readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3).replace(/_/g, '-')).sort()
}

/** Loads one command's module: only what that command uses is imported, so start-up stays quick. */
async function loadCommand(name: string): Promise<Command> {
  const { command } = (await import(new URL(`${name.replace(/-/g, '_')}.ts`, COMMANDS_DIR).href)) as { command: Command }
  return command
}

async function usage(): Promise<string> {
  const lines = await Promise.all(commandNames().map(async (n) => `  ${(await loadCommand(n)).usage}`))
  return `usage: filspec <command> [options]\n\ncommands:\n${lines.join('\n')}\n\noptions:\n  --root DIR                     the repository (default: the current directory)\n`
}

async function main(argv: string[]): Promise<number> {
  const name = argv[0]
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(await usage())
    return name === undefined ? 2 : 0
  }
  if (!commandNames().includes(name)) throw new UsageError(`unknown command ${JSON.stringify(name)}\n\n${await usage()}`)
  const command = await loadCommand(name)
  if (command.name !== name) throw new Error(`cli: commands/${name.replace(/-/g, '_')}.ts names its command "${command.name}"`)
  const { values, positionals } = parseArgs({
    args: argv.slice(1),
    allowPositionals: true,
    options: { root: { type: 'string' }, ...command.options },
  })
  return command.run({
    root: resolve(String(values.root ?? '.')),
    args: positionals,
    values,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  })
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    // Bad usage and bad input (any FilspecError: a malformed vector, listing, address, …) get
    // one line; anything else is a bug, shown with its stack.
    const input = err instanceof FilspecError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    process.stderr.write(`filspec: ${err instanceof Error ? err.message : String(err)}\n`)
    if (!input && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`)
    process.exitCode = input ? 2 : 1
  },
)
