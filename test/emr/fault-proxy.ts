// A loopback HTTP proxy between the real SDK clients and moto that injects AWS faults on a script: throttling
// (EMR 400 ThrottlingException, S3 503 SlowDown), 5xx answers, lost answers (carried out by moto, then the
// socket is destroyed unanswered), outages (every connection destroyed) and expired-credential answers.
// It records every request (minus the Authorization header) so tests can look for leaked secrets.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type FaultKind = 'throttle' | '5xx' | 'lose' | 'outage' | 'expired';

export interface FaultRule {
  readonly kind: FaultKind;
  /** Only requests to this service (default: both). */
  readonly service?: 'emr' | 's3';
  /** Only this EMR action (X-Amz-Target) or S3 method. */
  readonly actions?: readonly string[];
  /** Applies to this many matching requests… */
  readonly count?: number;
  /** …or to every matching request for this long after the rule is added. */
  readonly forMs?: number;
}

export interface SeenRequest {
  readonly service: 'emr' | 's3';
  readonly action: string;
  readonly method: string;
  readonly url: string;
  /** Every header but Authorization, which carries a signature (the secret itself is never sent). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly fault: FaultKind | null;
}

export interface FaultProxy {
  readonly url: string;
  readonly seen: SeenRequest[];
  add(rule: FaultRule): void;
  /** Drops every rule (an outage ends at once). */
  clear(): void;
  /** Connections destroyed by outages. */
  destroyedConnections(): number;
  close(): Promise<void>;
}

interface ActiveRule extends FaultRule {
  left: number;
  until: number;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: ActiveRule[] = [];
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let destroyed = 0;

  const live = (r: ActiveRule) => (r.count !== undefined ? r.left > 0 : Date.now() < r.until);
  const outage = () => rules.some((r) => r.kind === 'outage' && live(r) && !r.service && !r.actions);
  const pick = (service: 'emr' | 's3', action: string): FaultKind | null => {
    const r = rules.find((x) => live(x) && (!x.service || x.service === service) && (!x.actions || x.actions.includes(action)));
    if (!r) return null;
    if (r.count !== undefined) r.left--;
    return r.kind;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      const service: 'emr' | 's3' = target.startsWith('ElasticMapReduce.') ? 'emr' : 's3';
      const action = service === 'emr' ? target.split('.')[1] : (new URL(req.url ?? '/', 'http://x').searchParams.get('x-id') ?? req.method ?? '');
      const fault = outage() ? 'outage' : pick(service, action);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'authorization').map(([k, v]) => [k, String(v)]));
      seen.push({ service, action, method: req.method ?? '', url: req.url ?? '', headers, body, fault });
      if (fault === 'outage') {
        destroyed++;
        req.socket.destroy();
        return;
      }
      if (fault && fault !== 'lose') {
        answerFault(res, service, fault, req.method === 'HEAD');
        return;
      }
      forward(upstream, req, body, (status, outHeaders, outBody) => {
        if (fault === 'lose') {
          // Carried out by moto; the answer never arrives.
          req.socket.destroy();
          return;
        }
        const h = { ...outHeaders };
        delete h['transfer-encoding'];
        // A HEAD answer keeps moto's content-length (the object's size) with no body.
        if (req.method !== 'HEAD') h['content-length'] = String(outBody.length);
        res.writeHead(status, h);
        res.end(outBody);
      }, () => req.socket.destroy());
    });
  });
  server.on('connection', (s: Socket) => {
    if (outage()) {
      destroyed++;
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    add(rule) {
      rules.unshift({ ...rule, left: rule.count ?? 0, until: Date.now() + (rule.forMs ?? 0) });
      // Kept-alive connections die with an outage too.
      if (rule.kind === 'outage' && !rule.service && !rule.actions) for (const s of sockets) s.destroy();
    },
    clear() {
      rules.length = 0;
    },
    destroyedConnections: () => destroyed,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function forward(
  upstream: URL,
  req: IncomingMessage,
  body: Buffer,
  done: (status: number, headers: IncomingMessage['headers'], body: Buffer) => void,
  failed: () => void,
): void {
  const out = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': String(body.length) } },
    (up) => {
      const parts: Buffer[] = [];
      up.on('data', (c: Buffer) => parts.push(c));
      up.on('end', () => done(up.statusCode ?? 502, up.headers, Buffer.concat(parts)));
      up.on('error', failed);
    },
  );
  out.on('error', failed);
  out.end(body);
}

const EMR_FAULTS: Record<Exclude<FaultKind, 'lose' | 'outage'>, [number, string, string]> = {
  throttle: [400, 'ThrottlingException', 'Rate exceeded'],
  '5xx': [500, 'InternalServerError', 'Internal error (injected)'],
  expired: [400, 'ExpiredTokenException', 'The security token included in the request is expired'],
};
const S3_FAULTS: Record<Exclude<FaultKind, 'lose' | 'outage'>, [number, string, string]> = {
  throttle: [503, 'SlowDown', 'Please reduce your request rate.'],
  '5xx': [500, 'InternalError', 'We encountered an internal error. Please try again.'],
  expired: [400, 'ExpiredToken', 'The provided token has expired.'],
};

function answerFault(res: ServerResponse, service: 'emr' | 's3', kind: Exclude<FaultKind, 'lose' | 'outage'>, head: boolean): void {
  if (service === 'emr') {
    const [status, code, message] = EMR_FAULTS[kind];
    const data = Buffer.from(JSON.stringify({ __type: code, message }));
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code, 'content-length': data.length });
    res.end(data);
    return;
  }
  const [status, code, message] = S3_FAULTS[kind];
  // As S3 does, a HEAD gets the status alone: the SDK cannot see the code.
  const data = head ? Buffer.alloc(0) : Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAULT</RequestId></Error>`);
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': data.length });
  res.end(data);
}
