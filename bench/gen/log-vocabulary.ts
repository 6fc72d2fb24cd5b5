// What generated access-log lines are made of: user agents (commas, escaped quotes), referers, page names,
// methods and status codes with the weights a public web server sees.
import { hash32 } from './prng.ts';

/**
 * User agents as Apache logs them: `"` inside is written `\"`, a backslash `\\`. Weights are rough shares
 * of a blog's traffic (browsers, crawlers, scripts).
 */
export const AGENTS: readonly (readonly [agent: string, weight: number])[] = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 30],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 12],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 8],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 10],
  ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36', 8],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 6],
  ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 3],
  ['Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', 1.5],
  ['Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko', 1],
  ['Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0; .NET CLR 2.0.50727; \\"Corp Toolbar 2.1\\")', 0.6],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0 Safari/537.36 Edg/91.0.864.59', 2],
  ['curl/8.5.0', 3],
  ['Wget/1.21.4', 1],
  ['python-requests/2.31.0', 2],
  ['Go-http-client/1.1', 1],
  ['Java/1.8.0_392', 0.5],
  ['Apache-HttpClient/4.5.14 (Java/17.0.10)', 0.5],
  ['UniversalFeedParser/5.2.1 +https://code.google.com/p/feedparser/', 1.5],
  ['Tiny Tiny RSS/23.04 (https://tt-rss.org/)', 1],
  ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 0.8],
  ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 0.5],
  ['Scanner \\"x\\" v0.1 (probe; C:\\\\tools\\\\scan.exe)', 0.3],
  ['Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 (KHTML, like Gecko) NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393', 0.2],
  ['Lynx/2.9.0dev.12 libwww-FM/2.14 SSL-MM/1.4.1 GNUTLS/3.7.9', 0.2],
  ['', 0.3],
  ['-', 3],
];

const SEARCH_WORDS = ['logstash', 'kibana', 'apache logs', 'tmux', 'ssh tunnel', 'puppet', 'vim', 'x11 forwarding', 'grok', 'café', 'résumé pdf'];
const SITES = ['https://news.ycombinator.com/', 'https://www.reddit.com/r/programming/', 'https://t.co/Ab3xYz', 'http://planet.example.org/', 'https://duckduckgo.com/'];

/** A referer: none, this site, a search engine with a query string, or another site. */
export function referer(u: number, v: number, site: string, samplePath: string): string {
  if (u < 0.4) return '-';
  if (u < 0.7) return `${site}${samplePath}`;
  if (u < 0.88) {
    const q = SEARCH_WORDS[Math.floor(v * SEARCH_WORDS.length)].replaceAll(' ', '+');
    return `https://www.google.com/search?q=${q}&ie=utf-8&oe=utf-8&client=firefox-b`;
  }
  if (u < 0.999) return SITES[Math.floor(v * SITES.length)];
  return '';
}

const WORDS = ['logstash', 'elasticsearch', 'tmux', 'ssh', 'puppet', 'xdotool', 'keynav', 'grok', 'jordan', 'projects', 'kibana', 'vim', 'zsh', 'fpm', 'ruby', 'java'];
const FIXED = ['/', '/favicon.ico', '/robots.txt', '/style2.css', '/reset.css', '/images/jordan-80.png', '/feed/', '/blog/index.xml', '/projects/', '/presentations/'];

/** The page of popularity rank `rank` (0 = most requested); the same rank always gives the same page. */
export function pagePath(rank: number): string {
  if (rank < FIXED.length) return FIXED[rank];
  const h = hash32(rank);
  const w = WORDS[h % WORDS.length];
  const w2 = WORDS[(h >>> 8) % WORDS.length];
  switch (h % 7) {
    case 0:
      return `/blog/geekery/${w}-${w2}-${rank}.html`;
    case 1:
      return `/images/web/2009/${w}-${rank}.png`;
    case 2:
      return `/articles/${2006 + (h % 10)}/${(h >>> 4) % 12 + 1}/${w}-${rank}/`;
    case 3:
      return `/projects/${w}/${w2}-${rank}.tar.gz`;
    case 4:
      return `/static/js/chunk.${(h >>> 3).toString(16)}.js`;
    case 5:
      return `/api/v2/items/${rank}`;
    default:
      return `/presentations/${w}-${rank}/slides.pdf`;
  }
}

/** Query strings a path may carry (tracking, paging, search). */
export function queryString(u: number, rank: number): string {
  if (u < 0.4) return `?utm_source=feed&utm_medium=rss&utm_campaign=${WORDS[rank % WORDS.length]}`;
  if (u < 0.7) return `?page=${(rank % 9) + 2}`;
  if (u < 0.9) return `?q=${WORDS[rank % WORDS.length]}+${WORDS[(rank >>> 2) % WORDS.length]}`;
  return `?ref=${hash32(rank).toString(36)}&lang=en`;
}

export const METHODS: readonly (readonly [string, number])[] = [['GET', 86], ['POST', 7], ['HEAD', 5], ['OPTIONS', 1], ['PUT', 0.5], ['DELETE', 0.3], ['PROPFIND', 0.2]];
export const PROTOCOLS: readonly (readonly [string, number])[] = [['HTTP/1.1', 80], ['HTTP/1.0', 12], ['HTTP/2.0', 8]];
/** ~90% 200, then 304, 404, 301, the rest, and about 0.7% 5xx. */
export const STATUSES: readonly (readonly [number, number])[] = [
  [200, 900], [304, 40], [404, 25], [301, 15], [206, 5], [302, 4], [403, 2], [400, 1], [408, 0.8], [416, 0.5],
  [500, 4], [502, 1.5], [503, 1.2], [504, 0.3],
];
/** Paths of scanners and old links: requested often enough to show up, and answered 404. */
export const PROBES = ['/wp-login.php', '/.env', '/phpmyadmin/index.php', '/xmlrpc.php', '/cgi-bin/test.cgi', '/.git/config', '/admin/config.php'];
/** Request lines that are not `METHOD PATH PROTOCOL`, as servers log them. */
export const ODD_REQUESTS = ['-', 'GET /', '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03', 'GET /a b HTTP/1.1', 'GET  /double-space HTTP/1.1', 'Q\\"uit'];
/** Time zone offsets of the servers behind the balancer: most log UTC. */
export const OFFSETS: readonly (readonly [number, number])[] = [[0, 85], [-420, 10], [330, 5]];
