/**
 * A private coturn for a test: the project's own configuration (build/coturn/turnserver.conf) with
 * a test port, secret and relay range on loopback, its files in a temp folder, and
 * `--allow-loopback-peers`, which only a test may use (NOTES.md: coturn refuses loopback peers
 * otherwise). Needs Debian's coturn package (`turnserver`), which .ci/run installs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const COTURN_CONFIG = path.resolve(import.meta.dirname, '../../../build/coturn/turnserver.conf');

export type Coturn = {
  /** turn: URL as the hub hands it out. */
  url: string;
  port: number;
  secret: string;
  /** What coturn printed (its stdout is block-buffered: complete once stopped). */
  log(): string;
  stop(): Promise<void>;
};

export function hasTurnserver(): boolean {
  try {
    execFileSync('turnserver', ['--help'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // `turnserver --help` exits non-zero after printing its help: it exists.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** A UDP port nobody holds right now on `host`. */
async function freeUdpPort(host: string): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Does a STUN server answer a Binding request on host:port (RFC 5389: type 0x0001, magic cookie)? */
async function answersStun(host: string, port: number): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt16BE(0, 2);
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.on('message', (reply) => {
        clearTimeout(timer);
        resolve(reply.length >= 20 && reply.readUInt16BE(0) === 0x0101 && reply.subarray(8, 20).equals(request.subarray(8, 20)));
      });
      socket.on('error', () => resolve(false));
      socket.send(request, port, host);
    });
  } finally {
    socket.close();
  }
}

export async function startCoturn(options: { listen?: string[]; extraArgs?: string[] } = {}): Promise<Coturn> {
  const listen = options.listen ?? ['127.0.0.1'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-coturn-'));
  const secret = randomBytes(24).toString('hex');
  const port = await freeUdpPort(listen[0]!);
  // A relay range of its own, so that tests running at the same time do not share ports.
  const base = 40_000 + Math.floor(Math.random() * 200) * 100;
  const args = [
    '-c',
    COTURN_CONFIG,
    ...listen.map((ip) => `--listening-ip=${ip}`),
    `--listening-port=${port}`,
    `--static-auth-secret=${secret}`,
    '--realm=passerelle.test',
    '--no-tls',
    '--no-dtls',
    `--min-port=${base}`,
    `--max-port=${base + 99}`,
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    `--userdb=${path.join(dir, 'turndb')}`,
    ...(options.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test worker that dies half-way takes its relay with it.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const deadline = Date.now() + 15_000;
  while (!(await answersStun(listen[0]!, port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`coturn did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let stopped = false;
  return {
    url: `turn:${listen[0]}:${port}?transport=udp`,
    port,
    secret,
    log: () => output,
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      process.off('exit', orphan);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
