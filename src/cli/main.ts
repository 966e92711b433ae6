/**
 * The headless CLI (a stable contract: other tools call it). With --json, stdout holds exactly one
 * JSON object; logs go to stderr; invalid input exits 2 with a message, failures exit 1.
 */
import { helpText, parseFlags, UsageError, type FlagSpecs, type ParsedFlags } from './args';
import { ATTACK_COMMAND_FLAGS, attackCommand } from './commands/attack';
import { AUGMENT_FLAGS, augmentCommand } from './commands/augment';
import { EVALUATE_COMMAND_FLAGS, evaluateCommand } from './commands/evaluate';
import { MINE_CHECK_FLAGS, mineCheckCommand } from './commands/mine-check';
import { MODEL_INFO_FLAGS, modelInfoCommand } from './commands/model-info';

interface Command {
  summary: string;
  flags: FlagSpecs;
  run: (f: ParsedFlags) => Promise<Record<string, unknown>>;
}

const COMMANDS: Record<string, Command> = {
  attack: {
    summary: 'Attack one MNIST test image (a classifier, or an autoencoder with uae|l2-uae).',
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
};

function usage(): string {
  return [
    'usage: npm run -s uae -- <command> [flags]',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`),
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
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command '${name}'\n\n${usage()}`);
  const flags = parseFlags(rest, command.flags);
  if (flags.help === true) {
    process.stdout.write(`${helpText(name, command.summary, command.flags)}\n`);
    return 0;
  }
  const result = await command.run(flags);
  process.stdout.write(flags.json === true ? `${JSON.stringify(result)}\n` : `${human(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const usageError = e instanceof UsageError;
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = usageError ? 2 : 1;
  },
);
