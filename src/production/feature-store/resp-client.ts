/**
 * A minimal Redis client: RESP2 over one TCP socket (https://redis.io/docs/latest/develop/reference/protocol-spec/),
 * commands pipelined in order, replies matched first-in first-out. Enough for an online store (HSET, HMGET, DEL,
 * PING) without a dependency; the serving path pays the real costs: a loopback round trip, encoding and parsing.
 */
import { Socket, connect } from 'node:net';

export type RespValue = string | number | null | RespValue[];

export class RespError extends Error {}

interface Pending {
  resolve: (v: RespValue) => void;
  reject: (e: Error) => void;
}

/** Encode one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(String(a));
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/**
 * Parse one RESP2 value from `buf` at `pos`. Returns the value and the position after it, or null when the buffer
 * ends first (wait for more bytes). Errors come back as RespError values.
 */
export function parseReply(buf: Buffer, pos: number): { value: RespValue | RespError; end: number } | null {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const kind = String.fromCharCode(buf[pos]);
  const line = buf.toString('utf8', pos + 1, eol);
  switch (kind) {
    case '+': return { value: line, end: eol + 2 };
    case '-': return { value: new RespError(line), end: eol + 2 };
    case ':': return { value: Number(line), end: eol + 2 };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + len + 2) return null;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + len), end: eol + 2 + len + 2 };
    }
    case '*': {
      const len = Number(line);
      if (len < 0) return { value: null, end: eol + 2 };
      const out: RespValue[] = [];
      let p = eol + 2;
      for (let k = 0; k < len; k++) {
        const r = parseReply(buf, p);
        if (!r) return null;
        if (r.value instanceof RespError) return { value: r.value, end: r.end };
        out.push(r.value);
        p = r.end;
      }
      return { value: out, end: p };
    }
    default: throw new Error(`resp: unexpected reply type ${JSON.stringify(kind)}`);
  }
}

export class RespClient {
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.failAll(err));
    socket.on('close', () => this.failAll(new Error('resp: connection closed')));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Send one command; resolves with its reply (rejects on a Redis error reply). */
  call(...args: (string | number)[]): Promise<RespValue> {
    if (this.closed) return Promise.reject(new Error('resp: client closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(encodeCommand(args));
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    let pos = 0;
    while (pos < this.buffer.length) {
      const r = parseReply(this.buffer, pos);
      if (!r) break;
      pos = r.end;
      const p = this.pending.shift();
      if (!p) continue;
      if (r.value instanceof RespError) p.reject(r.value);
      else p.resolve(r.value);
    }
    this.buffer = this.buffer.subarray(pos);
  }

  private failAll(err: Error): void {
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(err);
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
