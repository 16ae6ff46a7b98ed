/** The DevTools automation protocol spoken raw over WebSocket: no client-side sleeps, every frame visible. */
import WebSocket from 'ws';

export class RawClient {
  private next = 0;
  readonly events: Array<{ method: string; params: unknown }> = [];
  private readonly pending = new Map<string, (frame: Record<string, unknown>) => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      if (typeof frame.id === 'string') this.pending.get(frame.id)?.(frame);
      else this.events.push({ method: String(frame.method), params: frame.params });
    });
  }
  static async open(endpoint: string): Promise<RawClient> {
    const socket = new WebSocket(endpoint);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new RawClient(socket);
  }
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = `req-${++this.next}`;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }
  /** The `result` of a call that must succeed; its error message otherwise. */
  async call(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const frame = await this.send(method, params);
    if (frame.error !== undefined) throw new Error(`${method}: ${JSON.stringify(frame.error)}`);
    return frame.result as Record<string, unknown>;
  }
  close(): void {
    this.socket.close();
  }
}
