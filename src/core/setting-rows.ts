/**
 * How a row of the settings table (settings.ts) is written: where a setting is spelled, its range or
 * choices, and the helpers the rows are made with. tfjs-free.
 */
/** Where a setting is spelled, and how it is described. */
export interface Spelled {
  /** Its symbol or short name in messages ("ε", "T"). */
  readonly symbol: string;
  /** The app's label (a number field's reads `symbol (label)` unless the label starts with the symbol). */
  readonly label: string;
  /** The CLI's --help line (the parser adds the range and the default). */
  readonly help: string;
  /** The CLI flag (kebab case of the key), or null where the CLI has none. */
  readonly flag: string | null;
  /** In the app's link. */
  readonly url: boolean;
  /** In the worker's run settings. */
  readonly protocol: boolean;
  /** Former CLI names of the flag, still read. */
  readonly flagAliases?: readonly string[];
  /** The one command that has the flag, where only one has it. */
  readonly command?: string;
}

export interface NumericSetting extends Spelled {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly integer: boolean;
  /** Why the maximum is where it is (one line, for the README and the error messages). */
  readonly why: string;
  /** A tighter maximum in the app (its link and its fields): what a browser run can afford. */
  readonly appMax?: number;
  /**
   * May be left unset: what that means ("untargeted"); the link writes it as min − 1. The default is
   * then the value it takes when set.
   */
  readonly unset?: string;
}

export interface ChoiceSetting extends Spelled {
  readonly kind: 'choice';
  readonly values: readonly string[];
  /** Null: left to the method or the back end (`unset` says how); the link writes it as "auto". */
  readonly default: string | null;
  readonly unset?: string;
  /** Former spellings of a value, still read (`uae` → `mine-uae`). */
  readonly valueAliases?: Readonly<Record<string, string>>;
  /** How the app names each value (core/vocabulary.ts). */
  readonly titles?: Readonly<Record<string, string>>;
}

export type Setting = NumericSetting | ChoiceSetting;

export const where = <const F extends boolean, const U extends boolean, const P extends boolean>(
  flag: F,
  url: U,
  protocol: P,
) => ({ flag, url, protocol });
export const EVERYWHERE = where(true, true, true);
export const CLI_ONLY = where(true, false, false);
/** The MINE lab's settings: in the link (and the lab's own message, protocol-lab.ts), no attack reads them. */
export const LAB_LINK = where(false, true, false);
/** A lab setting `mine-check` also takes, with the same range (its own defaults are the CLI's). */
export const LAB_AND_CHECK = where(true, true, false);

type Shown = Pick<Spelled, 'symbol' | 'label' | 'help' | 'flagAliases' | 'command'> & {
  /** The flag's name where it is not the key in kebab case. */
  flagName?: string;
};
type Places = { flag: boolean; url: boolean; protocol: boolean };

export const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

type Range = {
  min: number;
  max: number;
  default: number;
  integer?: boolean;
  appMax?: number;
  unset?: string;
};

export function numeric<const R extends Range, const P extends Places = typeof EVERYWHERE>(
  range: R,
  why: string,
  shown: Shown,
  places: P = EVERYWHERE as P,
) {
  return { kind: 'number' as const, integer: false, ...range, why, ...shown, ...places };
}

export function choice<
  const V extends readonly string[],
  const D extends V[number] | null,
  const P extends Places = typeof EVERYWHERE,
>(
  values: V,
  def: D,
  shown: Shown & {
    unset?: string;
    valueAliases?: Readonly<Record<string, string>>;
    titles?: Readonly<Record<V[number], string>>;
  },
  places: P = EVERYWHERE as P,
) {
  return { kind: 'choice' as const, values, default: def, ...shown, ...places };
}
