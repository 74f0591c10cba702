import { once } from 'node:events';
import net from 'node:net';

/*
 * Requests no HTTP client would send, for the tests and `npm run bench:serving`
 * alike (no vitest here, so the benchmark can import it).
 */

/** Opens a raw connection to the server and writes `head(host)`: for requests no HTTP client would send. */
export async function rawRequest(url: string, head: (host: string) => string): Promise<net.Socket> {
  const { hostname, port, host } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.on('error', () => {});
  socket.write(head(host));
  return socket;
}

/** Sends `head(host)` (and nothing more) and waits for the server to close the connection; resolves with what it wrote. */
export async function sendAndWaitForClose(url: string, head: (host: string) => string): Promise<string> {
  const socket = await rawRequest(url, head);
  let reply = '';
  socket.on('data', (chunk) => (reply += chunk.toString()));
  await once(socket, 'close');
  return reply;
}

/** A question whose body never arrives in full (Content-Length 100, 12 bytes sent); resolves with the server's reply once it closes. */
export function sendStalledAsk(url: string): Promise<string> {
  return sendAndWaitForClose(url, (host) => `POST /api/ask HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"question":`);
}
