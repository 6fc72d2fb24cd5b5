// The folder of jars a Pig script REGISTERs, a script parameter: EMR's Pig ships neither Parquet storage nor
// the package's own functions, so `emr-jobs submit` stages the jars a script names beside its bundle, and
// local runs point the parameter at a folder of links to the local copies.

/** The script parameter naming that folder. */
export const PIG_LIB_PARAM = 'emr_jobs_pig_lib';

/** The jar names a script REGISTERs from `$emr_jobs_pig_lib`, in the script's order. */
export function registeredPigLibJars(scriptText: string): string[] {
  const re = new RegExp(`^REGISTER '\\$${PIG_LIB_PARAM}/([^'/]+)';$`, 'gm');
  return [...new Set([...scriptText.matchAll(re)].map((m) => m[1]))];
}
