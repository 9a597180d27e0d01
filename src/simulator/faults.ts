import type { IncomingMessage, ServerResponse } from 'node:http';

/** A canned answer, or a network-level failure: the socket reset, or no answer at all. */
export type Fault = { status: number; body: string; headers?: Record<string, string> } | { network: 'reset' | 'hang' };

/** Answers with the fault; every simulated platform injects faults the same way. */
export function answerFault(req: IncomingMessage, res: ServerResponse, fault: Fault): void {
  if ('network' in fault) {
    if (fault.network === 'reset') req.socket.destroy();
    return;
  }
  res.writeHead(fault.status, { 'content-type': 'application/json; charset=utf-8', ...fault.headers });
  res.end(fault.body);
}
