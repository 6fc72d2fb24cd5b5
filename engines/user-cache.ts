// The per-user cache folder emr-jobs keeps between runs and shares between projects: the local engines and
// the type-check results. $EMR_JOBS_HOME when set, else the platform's cache folder.
import os from 'node:os';
import path from 'node:path';

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EMR_JOBS_HOME) return path.resolve(env.EMR_JOBS_HOME);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'emr-jobs');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'emr-jobs', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'emr-jobs');
}
