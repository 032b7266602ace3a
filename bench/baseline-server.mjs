// The baseline W1 is compared with: a plain node:http server doing the same per-request work as
// the W1 flow (parse the JSON body, map the input, decide, answer the result envelope) with no
// framework, no authentication and no persistence. It listens on BASELINE_PORT.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const port = Number(process.env.BASELINE_PORT ?? 0);
const host = process.env.BASELINE_HOST ?? '127.0.0.1';
// Both branches of the flow end at a Stop, which finishes the instance (status 50).
const STOPS = { big: 50, small: 50 };

function answer(res, code, body) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return answer(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || !/^\/api\/Projects\/[^/]+\/run(\?|$)/.test(req.url ?? ''))
    return answer(res, 404, { error: 'not found' });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(res, 400, [{ statusCode: 502, value: 'Invalid JSON.', target: 'body' }]);
    }
    const amount = body?.payload?.amount;
    if (!Number.isInteger(amount))
      return answer(res, 400, [{ statusCode: 502, value: 'Invalid amount.', target: 'amount' }]);
    // Map Data: the input into the output variable; Decisional: pick the Stop on it.
    const variable = { value: amount };
    const stop = variable.value > 50 ? STOPS.big : STOPS.small;
    answer(res, 200, { instanceId: randomUUID(), status: stop, variable, error: [] });
  });
});

server.listen(port, host, () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://${host}:${address.port}` })}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
