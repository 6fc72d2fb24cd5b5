// Hive/Spark partition directory names: `col=value`, the value percent-encoded where Hive's
// FileUtils.escapePathName (and Spark's ExternalCatalogUtils) would, null and '' as the default partition.

export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** ASCII control characters (NUL too: no file name may hold it), then the other characters Hive escapes. */
const ESCAPED = new Set<number>([...Array.from({ length: 0x20 }, (_, i) => i), ...'"#%\'*/:=?\\\x7f{[]^'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0))));

export function escapePartitionValue(v: string): string {
  let out = '';
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    out += ch.length === 1 && ESCAPED.has(c) ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

/** The directory name of one partition. */
export function partitionDir(column: string, text: string | null): string {
  return `${escapePartitionValue(column)}=${text === null || text === '' ? HIVE_DEFAULT_PARTITION : escapePartitionValue(text)}`;
}
