// What `engines status` reports: which local engines are installed and their versions, read from files
// the installer leaves (classpath, venv, Java's release file) without starting a JVM.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { enginesDir, findJava, javaHomeOf, pigClasspathFile, venvDir } from '../engines/engine-paths.ts';

export interface EngineStatus {
  readonly name: string;
  readonly installed: boolean;
  readonly version: string;
  readonly where: string;
}

const read = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

export function engineStatuses(): EngineStatus[] {
  return [javaStatus(), pigStatus(), ...pythonPackages(['pyspark', 'moto'])];
}

function javaStatus(): EngineStatus {
  const java = findJava();
  if (!java) return { name: 'java', installed: false, version: '', where: 'no java (JAVA_HOME, PATH)' };
  const home = javaHomeOf(java);
  const version = /JAVA_VERSION="([^"]+)"/.exec(read(path.join(home, 'release')) ?? '')?.[1] ?? 'unknown';
  return { name: 'java', installed: true, version, where: home };
}

function pigStatus(): EngineStatus {
  const cp = read(pigClasspathFile())?.trim() ?? '';
  const jars = cp ? cp.split(':') : [];
  const version = (prefix: string) => jars.map((j) => new RegExp(`/${prefix}-(\\d[^/]*)\\.jar$`).exec(j)?.[1]).find(Boolean);
  const pig = version('pig');
  if (!pig) return { name: 'pig', installed: false, version: '', where: `${pigClasspathFile()} missing` };
  const hadoop = version('hadoop-common');
  return { name: 'pig', installed: true, version: hadoop ? `${pig} (hadoop ${hadoop})` : pig, where: pigClasspathFile() };
}

/** Versions from the venv's `<name>-<version>.dist-info` folders. */
function pythonPackages(names: readonly string[]): EngineStatus[] {
  const lib = path.join(venvDir(), 'lib');
  let site: string | null = null;
  try {
    const py = readdirSync(lib).find((d) => d.startsWith('python'));
    if (py) site = path.join(lib, py, 'site-packages');
  } catch {
    site = null;
  }
  const infos = site ? safeList(site).filter((d) => d.endsWith('.dist-info')) : [];
  return names.map((name) => {
    const info = infos.find((d) => d.toLowerCase().startsWith(`${name}-`));
    const version = info?.slice(name.length + 1, -'.dist-info'.length) ?? '';
    const label = name === 'pyspark' ? 'spark' : name;
    return info
      ? { name: label, installed: true, version, where: site! }
      : { name: label, installed: false, version: '', where: `${name} not in ${path.join(enginesDir(), 'venv')}` };
  });
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
