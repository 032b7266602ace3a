// Owns telling every server process that an instance changed status, through Redis pub/sub: a
// synchronous run answered by one `serve` process while a worker elsewhere runs the instance
// hears its end at once instead of at the next database poll.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface InstanceSignalRelay {
  publish(instanceId: string, status: number): void;
  /** Hears the changes other processes publish. */
  subscribe(listener: (instanceId: string, status: number) => void): Promise<void>;
  close(): Promise<void>;
}

export class RedisInstanceSignals implements InstanceSignalRelay {
  private readonly origin = randomUUID();
  private readonly publisher: Redis;
  private subscriber: Redis | null = null;

  constructor(
    private readonly url: string,
    private readonly channel = 'sluice:instance-status',
  ) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 1 });
    this.publisher.on('error', () => undefined);
  }

  publish(instanceId: string, status: number): void {
    // A lost signal costs latency only: waiters also poll the database.
    void this.publisher
      .publish(this.channel, JSON.stringify([this.origin, instanceId, status]))
      .catch(() => undefined);
  }

  async subscribe(listener: (instanceId: string, status: number) => void): Promise<void> {
    this.subscriber = new Redis(this.url);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        const [origin, instanceId, status] = JSON.parse(message) as [string, string, number];
        if (origin !== this.origin && typeof instanceId === 'string') listener(instanceId, status);
      } catch {
        // Not one of ours.
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
    this.publisher.disconnect();
  }
}
