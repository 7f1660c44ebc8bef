import { parentPort, workerData } from 'node:worker_threads';
import type { CaseDef } from '../model.js';
import { allCases } from '../registry.js';
import { targetByName } from '../targets/index.js';
import { executeCase } from './execute.js';
import type { RunRequest, WorkerInit, WorkerMessage } from './protocol.js';

/** A runner worker: loads the cases itself, then runs the batches of indices the parent sends. */
async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runner worker started outside a worker thread');
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const init = workerData as WorkerInit;
  let cases: readonly CaseDef[];
  try {
    cases = init.casesModule
      ? ((await import(init.casesModule)) as { allCases(): readonly CaseDef[] }).allCases()
      : allCases();
  } catch (err) {
    post({ kind: 'fatal', detail: `cannot load the cases: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  const target = targetByName(init.target);
  if (!target) {
    post({ kind: 'fatal', detail: `unknown target '${init.target}'` });
    return;
  }
  port.on('message', (req: RunRequest) => {
    for (const index of req.indices) {
      const def = cases[index];
      if (!def) {
        post({ kind: 'fatal', detail: `no case at index ${index}` });
        return;
      }
      const { result } = executeCase(def, target, init.expectations ? { expectations: init.expectations } : {});
      post({ kind: 'result', index, result });
    }
  });
  post({ kind: 'ready', count: cases.length });
}

void main();
