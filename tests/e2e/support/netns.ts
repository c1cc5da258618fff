/**
 * Two private networks for one test, made with `ip netns` and veth pairs (root only): the shell's
 * browser in one, the console's in the other, each joined to this host by its own /30 link and
 * nothing else — no default route, so neither can reach the other; only services this host offers
 * on both links (the hub, the web host, the relay) are in common. Names and subnets are unique per
 * run; everything is removed at the end, and at process exit if a test died half-way.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Net = {
  /** The namespace's name (ip netns exec NAME …). */
  name: string;
  /** This host's address on the link (where services listen for this network). */
  hostIp: string;
  /** The namespace's own address. */
  ip: string;
  /** A Chromium that runs inside the namespace (an executablePath for Playwright). */
  chromium: string;
};

export type TwoNets = { shell: Net; console: Net; subnets: string; remove(): void };

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Can this process make network namespaces (root with iproute2)? */
export function canMakeNamespaces(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    ip('netns', 'list');
    return true;
  } catch {
    return false;
  }
}

export function makeTwoNets(chromiumPath: string): TwoNets {
  const tag = `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`.slice(-6);
  const used = ip('-o', 'addr').toString();
  let third = 0;
  for (let tries = 0; tries < 50; tries++) {
    const candidate = 2 * Math.floor(Math.random() * 120) + 8;
    if (!used.includes(`10.231.${candidate}.`) && !used.includes(`10.231.${candidate + 1}.`)) {
      third = candidate;
      break;
    }
  }
  if (!third) throw new Error('no free 10.231.x.0/30 pair for the test networks');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-netns-'));
  const created: string[] = [];
  const remove = () => {
    for (const name of created.splice(0)) {
      try {
        ip('netns', 'delete', name); // the veth inside goes with it, and so does its peer here
      } catch {
        /* already gone */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', remove);
  const make = (role: 's' | 'c', subnet: number): Net => {
    const name = `passerelle-${tag}-${role}`;
    const outside = `pv${tag}${role}`; // interface names: at most 15 characters
    const inside = `pv${tag}${role}i`;
    const hostIp = `10.231.${subnet}.1`;
    const nsIp = `10.231.${subnet}.2`;
    ip('netns', 'add', name);
    created.push(name);
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    ip('link', 'set', inside, 'netns', name);
    ip('addr', 'add', `${hostIp}/30`, 'dev', outside);
    ip('link', 'set', outside, 'up');
    ip('-n', name, 'addr', 'add', `${nsIp}/30`, 'dev', inside);
    ip('-n', name, 'link', 'set', inside, 'up');
    ip('-n', name, 'link', 'set', 'lo', 'up');
    const wrapper = path.join(dir, `chromium-${role}`);
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${name} ${chromiumPath} "$@"\n`, { mode: 0o755 });
    return { name, hostIp, ip: nsIp, chromium: wrapper };
  };
  try {
    const shell = make('s', third);
    const console = make('c', third + 1);
    return { shell, console, subnets: `10.231.${third}.0-10.231.${third + 1}.255`, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
