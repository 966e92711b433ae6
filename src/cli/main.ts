/**
 * The headless CLI (a stable contract: other tools call it). With --json, stdout holds exactly one
 * JSON object: the result, or {"error", "kind", …} on failure. Logs go to stderr; invalid input
 * exits 2 with a message, failures exit 1 (src/cli/output.ts).
 */
import { helpText, parseFlags, UsageError, wrap, type FlagSpecs, type ParsedFlags } from './args';
import { installErrorHandlers, reportFailure, warn, writeStdout } from './output';
import { ATTACK_COMMAND_FLAGS, attackCommand } from './commands/attack';
import { AUGMENT_FLAGS, augmentCommand } from './commands/augment';
import { EVALUATE_COMMAND_FLAGS, evaluateCommand } from './commands/evaluate';
import { MERGE_FLAGS, mergeCommand } from './commands/merge';
import {
  QUEUE_STATUS_FLAGS,
  QUEUE_SUBMIT_FLAGS,
  QUEUE_WORK_FLAGS,
  queueCollect,
  queueStatus,
  queueSubmit,
  queueWork,
} from './commands/queue';
import { MINE_CHECK_FLAGS, mineCheckCommand } from './commands/mine-check';
import { MODEL_INFO_FLAGS, modelInfoCommand } from './commands/model-info';
import { REPRODUCE_FLAGS, reproduceCommand } from './commands/reproduce';

interface Command {
  summary: string;
  flags: FlagSpecs;
  run: (
    f: ParsedFlags,
    bare: readonly string[],
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** A command that takes one leading bare argument reads it as this flag's value. */
  positional?: string;
  /** A command that takes its leading bare arguments as a list (merge's files), named so in help. */
  list?: string;
}

const COMMANDS: Record<string, Command> = {
  attack: {
    summary: 'Attack one MNIST test image (a classifier, or an autoencoder with mine-uae|l2-uae).',
    flags: ATTACK_COMMAND_FLAGS,
    run: attackCommand,
  },
  augment: {
    summary: 'The augmentation experiment: retrain an autoencoder on UAE/L2-UAE/GA copies.',
    flags: AUGMENT_FLAGS,
    run: augmentCommand,
  },
  evaluate: {
    summary: 'Attack test images 0..n−1; ASR and MI statistics.',
    flags: EVALUATE_COMMAND_FLAGS,
    run: evaluateCommand,
  },
  merge: {
    summary: "A sharded run's files (--shard k/n --out FILE) put together: merge FILE… --json.",
    flags: MERGE_FLAGS,
    run: mergeCommand,
    list: 'files',
  },
  'mine-check': {
    summary: 'MINE on correlated Gaussians against the true MI.',
    flags: MINE_CHECK_FLAGS,
    run: mineCheckCommand,
  },
  'model-info': {
    summary: 'Parameters and MNIST test accuracy (classifier) or reconstruction error (autoencoder).',
    flags: MODEL_INFO_FLAGS,
    run: modelInfoCommand,
  },
  'queue submit': {
    summary: "A run's images as jobs on Redis: queue submit evaluate [its flags] --run-id ID.",
    flags: QUEUE_SUBMIT_FLAGS,
    run: queueSubmit,
    positional: 'command',
  },
  'queue work': {
    summary: 'Run queued jobs (any number of workers, on any machines) until stopped or idle.',
    flags: QUEUE_WORK_FLAGS,
    run: queueWork,
  },
  'queue status': {
    summary: "A queued run's jobs by state: {total, done, failed, active, waiting}.",
    flags: QUEUE_STATUS_FLAGS,
    run: queueStatus,
  },
  'queue collect': {
    summary: 'A finished queued run, printed as one evaluate process prints it.',
    flags: QUEUE_STATUS_FLAGS,
    run: queueCollect,
  },
  reproduce: {
    summary: "The talk's tables and figures: reproduce NAME --scale quick|standard|paper (--list).",
    flags: REPRODUCE_FLAGS,
    run: reproduceCommand,
    positional: 'name',
  },
};

const COMMAND_LIST = Object.keys(COMMANDS).join(', ');

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  return [
    'usage: npm run -s uae -- <command> [flags]',
    '',
    // A summary longer than the line goes on under itself.
    ...Object.entries(COMMANDS).flatMap(([name, c]) => {
      const [head = '', ...tail] = wrap(c.summary, 100, ' '.repeat(width + 2));
      return [`  ${name.padEnd(width)}${head.trimStart()}`, ...tail];
    }),
    '',
    'npm run -s uae -- <command> --help lists its flags.',
  ].join('\n');
}

function human(result: Record<string, unknown>): string {
  return Object.entries(result)
    .map(([k, v]) => `${k.padEnd(22)}${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('\n');
}

async function main(argv: string[]): Promise<number> {
  // `queue submit …` is one command of two words.
  const [first, ...others] = argv;
  const grouped = first === 'queue' && others[0] !== undefined && !others[0].startsWith('-');
  const [name, ...rest] = grouped ? [`queue ${others[0]}`, ...others.slice(1)] : argv;
  if (name === '--help' || name === 'help') {
    await writeStdout(`${usage()}\n`);
    return 0;
  }
  if (name === undefined || name.startsWith('-')) {
    if (!argv.includes('--json')) process.stderr.write(`${usage()}\n\n`);
    throw new UsageError(`no command given (commands: ${COMMAND_LIST})`);
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${COMMAND_LIST}; see --help)`);
  // Help is what a user asks for when the flags are in doubt: it wins over any error in them.
  if (rest.includes('--help')) {
    const shown = command.positional
      ? `${name} ${command.positional.toUpperCase()}`
      : command.list
        ? `${name} ${command.list.toUpperCase()}…`
        : name;
    await writeStdout(`${helpText(shown, command.summary, command.flags)}\n`);
    return 0;
  }
  // A list command's flags are switches, so its bare arguments may stand anywhere (merge a b --json c).
  const listed = command.list !== undefined ? rest.filter((a) => !a.startsWith('--')) : [];
  const bare =
    command.positional !== undefined && rest[0] !== undefined && !rest[0].startsWith('--')
      ? [rest[0]]
      : listed;
  const flags = parseFlags(
    command.list !== undefined ? rest.filter((a) => a.startsWith('--')) : rest.slice(bare.length),
    command.flags,
    warn,
  );
  if (command.positional !== undefined) flags[command.positional] = bare[0] ?? null;
  const result = await command.run(flags, bare);
  await writeStdout(flags.json === true ? `${JSON.stringify(result)}\n` : `${human(result)}\n`);
  return 0;
}

const argv = process.argv.slice(2);
// Known before parsing, so a command line that fails to parse still answers in JSON.
installErrorHandlers(argv.includes('--json'));
main(argv).then((code) => {
  process.exitCode ??= code;
}, reportFailure);
