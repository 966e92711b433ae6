/** The link written from the state: the other direction of url-state.ts's parseUrlState. */
import { imageQuery, type LinkImage } from './url-image';
import { URL_FIELDS, URL_SCHEMA_VERSION, type UrlState } from './url-state';

function fieldText(value: UrlState[keyof UrlState]): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/**
 * The full state as a query string (every field, so a link survives a change of defaults), and the
 * drawn or uploaded image when there is one.
 */
export function serializeUrlState(state: UrlState, image: LinkImage | null = null): string {
  const params = new URLSearchParams();
  params.set('v', String(URL_SCHEMA_VERSION));
  for (const key of Object.keys(URL_FIELDS) as (keyof UrlState)[]) params.set(key, fieldText(state[key]));
  // Commas and colons are legal in a query; left unescaped, hide=engine,share stays readable.
  const query = params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
  return `?${query}${image === null ? '' : `&${imageQuery(image)}`}`;
}
