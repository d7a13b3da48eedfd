// The filspec command line. Each command is a module under commands/ exporting `command`.
// Exit codes: 0 success, 1 the checked thing is wrong (check findings, stale generated files),
// 2 bad usage or bad input (one line on stderr, never a stack trace).
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { FilspecError } from '../schema/errors.ts'
import { type Command, UsageError } from './command.ts'

async function loadCommands(): Promise<Map<string, Command>> {
  const dir = new URL('./commands/', import.meta.url)
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()
  const commands = new Map<string, Command>()
  for (const f of files) {
    const { command } = (await import(new URL(f, dir).href)) as { command: Command }
    commands.set(command.name, command)
  }
  return commands
}

function usage(commands: Map<string, Command>): string {
  const lines = [...commands.values()].map((c) => `  ${c.usage}`)
  return `usage: filspec <command> [options]\n\ncommands:\n${lines.join('\n')}\n\noptions:\n  --root DIR                     the repository (default: the current directory)\n`
}

async function main(argv: string[]): Promise<number> {
  const commands = await loadCommands()
  const name = argv[0]
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage(commands))
    return name === undefined ? 2 : 0
  }
  const command = commands.get(name)
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}\n\n${usage(commands)}`)
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
