// Makes the i-th line of a generated Combined Log Format file: Zipf-like pages and hosts, a status mix,
// sizes, referers, agents, UTC and non-UTC times over several days, and about 0.1% malformed lines.
import { hash32, Prng, WeightedSampler, zipfWeights } from './prng.ts';
import { AGENTS, METHODS, ODD_REQUESTS, OFFSETS, PROBES, PROTOCOLS, STATUSES, pagePath, queryString, referer } from './log-vocabulary.ts';

const START_MS = Date.UTC(2015, 4, 17, 0, 0, 0);
const DAYS = 4;
const MINUTES = DAYS * 24 * 60;
const PAGES = 20_000;
const HOSTS = 150_000;
/** Heavy hitters (a crawler, a proxy, monitoring...) and their share of all requests. */
const HEAVY_HOSTS = ['66.249.73.135', '46.105.14.53', '130.237.218.86', '50.16.19.13', '209.85.238.199', '75.97.9.59', '2001:db8:85a3::8a2e:370:7334', 'crawl-66-249-73-185.googlebot.com'];
const HEAVY_SHARE = 0.25;
export const MALFORMED_RATE = 0.001;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SITE = 'http://www.semicomplete.com';

const weighted = <T>(items: readonly (readonly [T, number])[]) => {
  const s = new WeightedSampler(items.map((x) => x[1]));
  return (u: number): T => items[s.index(u)][0];
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `dd/MMM/yyyy:HH:mm:ss ±hhmm` for an instant, written in the given offset (minutes east of UTC). */
export function clfTime(utcMs: number, offsetMin: number): string {
  const d = new Date(utcMs + offsetMin * 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const off = Math.abs(offsetMin);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(off / 60))}${pad(off % 60)}`;
}

export class LogLineMaker {
  private readonly rng: Prng;
  private readonly page = new WeightedSampler(zipfWeights(PAGES, 1.05));
  private readonly host = new WeightedSampler(zipfWeights(HOSTS, 0.75));
  /** Requests per minute follow the day: quiet at night, busy in the afternoon (UTC). */
  private readonly minute: WeightedSampler;
  private readonly agent = weighted(AGENTS);
  private readonly method = weighted(METHODS);
  private readonly protocol = weighted(PROTOCOLS);
  private readonly status = weighted(STATUSES);
  private readonly offset = weighted(OFFSETS);

  constructor(
    seed: number,
    private readonly total: number,
  ) {
    this.rng = new Prng(seed);
    const w = new Float64Array(MINUTES);
    for (let m = 0; m < MINUTES; m++) w[m] = 1.2 + Math.sin((2 * Math.PI * (m / 60 - 9)) / 24) + 0.15 * Math.sin(m / 7);
    this.minute = new WeightedSampler(w);
  }

  /** The line for index i (lines must be asked for in order: the generator's state advances). */
  line(i: number): string {
    const r = this.rng;
    const minute = this.minute.index(Math.min(0.999999, (i + r.next()) / this.total));
    const utc = START_MS + minute * 60_000 + r.int(0, 59_999);
    const good = this.wellFormed(utc);
    return r.chance(MALFORMED_RATE) ? this.malformed(good) : good;
  }

  private hostName(): string {
    const r = this.rng;
    if (r.chance(HEAVY_SHARE)) return HEAVY_HOSTS[Math.floor(Math.pow(r.next(), 2) * HEAVY_HOSTS.length)];
    const h = hash32(this.host.index(r.next()) + 7);
    return `${(h >>> 24) % 223 + 1}.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${h & 255}`;
  }

  private request(status: number): string {
    const r = this.rng;
    if (r.chance(0.002)) return r.pick(ODD_REQUESTS);
    const rank = this.page.index(r.next());
    let path = status === 404 && r.chance(0.5) ? r.pick(PROBES) : pagePath(rank);
    if (r.chance(0.12)) path += queryString(r.next(), rank + r.int(0, 3));
    const method = this.method(r.next());
    return r.chance(0.0005) ? `${method} ${path}` : `${method} ${path} ${this.protocol(r.next())}`;
  }

  private bytes(status: number, method: string): string {
    const r = this.rng;
    if (status === 304 || method === 'HEAD' || (status >= 500 && r.chance(0.3))) return '-';
    if (status === 301 || status === 302) return String(r.int(180, 620));
    if (status >= 400) return String(r.int(200, 1200));
    return String(Math.min(50_000_000, Math.round(Math.exp(8.2 + 1.6 * r.normal()))));
  }

  private wellFormed(utc: number): string {
    const r = this.rng;
    const status = this.status(r.next());
    const req = this.request(status);
    const method = req.split(' ')[0];
    const ident = r.chance(0.001) ? 'identd' : '-';
    const user = r.chance(0.02) ? r.pick(['alice', 'bob', 'deploy', 'j.doe']) : '-';
    const time = clfTime(utc, this.offset(r.next()));
    const ref = referer(r.next(), r.next(), SITE, pagePath(this.page.index(r.next())));
    const trail = r.chance(0.001) ? ' ' : '';
    return `${this.hostName()} ${ident} ${user} [${time}] "${req}" ${status} ${this.bytes(status, method)} "${ref}" "${this.agent(r.next())}"${trail}`;
  }

  /** A line every engine must reject: truncated, garbage, empty, an impossible time, or a size beyond 64 bits. */
  private malformed(good: string): string {
    const r = this.rng;
    const u = r.next();
    if (u < 0.35) return good.slice(0, r.int(10, good.length - 2));
    if (u < 0.6) {
      let s = '';
      const n = r.int(5, 120);
      for (let k = 0; k < n; k++) s += String.fromCharCode(r.int(32, 126));
      return s;
    }
    if (u < 0.7) return '';
    if (u < 0.85) {
      const bad = r.pick(['31/Apr/2015:10:00:00 +0000', '17/Mai/2015:10:05:03 +0000', '17/May/2015:24:00:00 +0000', '17/May/2015:10:05:03 +2500', '7/May/2015:10:05:03 +0000']);
      return good.replace(/\[[^\]]+\]/, `[${bad}]`);
    }
    if (u < 0.95) return good.replace(/" (\d{3}) (\d+|-) "/, '" $1 99999999999999999999 "');
    return good.replace(' ', '\t');
  }
}
