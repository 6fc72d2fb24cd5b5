// Values as the runtime writes them to CSV (docs/semantics.md, Outputs), for the hand-written peers.
export { formatDouble } from '../../runtime/writers/format-double.ts';

/** RFC 4180 field: null is empty and unquoted; '' and text holding `,` `"` CR LF are quoted. */
export function csvField(text: string | null): string {
  if (text === null) return '';
  if (text === '' || /[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** `2015-05-17T10:05:03.000Z` (years 0000-9999). */
export const isoTimestamp = (ms: number): string => new Date(ms).toISOString();
