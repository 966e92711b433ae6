/** A number field of the settings table: its label, the name messages use, and the app's range. */
import { SETTINGS, type UrlName } from '../core/settings';
import type { NumberControlProps } from './NumberControl';
import { URL_FIELDS } from './url-state';

type FieldProps = Pick<NumberControlProps, 'label' | 'name' | 'min' | 'max' | 'integer'>;

/**
 * `symbol (label)`, e.g. "ε (L∞ budget)", or the label alone where it already starts with the symbol
 * ("MINE learning rate"). The range is the link's (URL_FIELDS, with the app's caps), so a value a
 * link may set is one the field accepts.
 */
export function settingField(key: UrlName): FieldProps {
  const { symbol, label } = SETTINGS[key];
  const field = URL_FIELDS[key];
  if (field.kind !== 'int' && field.kind !== 'float') throw new Error(`${key} is not a number field`);
  const first = symbol.split(' ')[0]!.toLowerCase();
  const plain = label.toLowerCase().startsWith(first);
  return {
    label: plain ? label : `${symbol} (${label})`,
    name: symbol,
    min: field.min,
    max: field.max,
    integer: field.kind === 'int',
  };
}
