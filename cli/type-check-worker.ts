// A job's type check on a worker thread (see load-job.ts): the check posts back its errors as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { typeCheckJob } from './job-type-checker.ts';

const errors = typeCheckJob((workerData as { file: string }).file);
parentPort?.postMessage(errors.map((e) => ({ kind: e.kind, message: e.message, where: e.where, nodeId: e.nodeId })));
