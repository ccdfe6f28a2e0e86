import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, listPublishedPorts, parseForwarderEnviron, publishPort, unpublishPort } from '../../src/access/port-publish.js';

/**
 * A real forwarder on this host: a bridge and a network namespace stand in
 * for an environment, with a tiny TCP server in the namespace as the "machine".
 */
const suffix = String(process.pid % 10000);
const ns = `flt-ns-${suffix}`;
const bridge = `flt-br${suffix}`;
const vethHost = `flt-vh${suffix}`;
const envId = `test-${suffix}`;
const subnet = '10.250.77';
const targetIp = `${subnet}.10`;
let server: ResultPromise | undefined;

async function sh(script: string): Promise<void> {
  await execa('bash', ['-euc', script]);
}

beforeAll(async () => {
  await sh(`
    ip netns add ${ns}
    ip link add ${bridge} type bridge
    ip addr add ${subnet}.1/24 dev ${bridge}
    ip link set ${bridge} up
    ip link add ${vethHost} type veth peer name eth0 netns ${ns}
    ip link set ${vethHost} master ${bridge} up
    ip -n ${ns} addr add ${targetIp}/24 dev eth0
    ip -n ${ns} link set eth0 up
    ip -n ${ns} link set lo up
  `);
  // Answers every connection with "hello from <the address the client came from>".
  const program = `require('net').createServer((s) => s.end('hello from ' + s.remoteAddress + '\\n')).listen(22, '${targetIp}', () => console.log('ready'))`;
  server = execa('ip', ['netns', 'exec', ns, process.execPath, '-e', program], { reject: false });
  await new Promise<void>((resolve, reject) => {
    server?.stdout?.once('data', () => resolve());
    setTimeout(() => reject(new Error('server in netns did not start')), 5000);
  });
}, 20_000);

afterAll(async () => {
  await unpublishPort(envId).catch(() => undefined);
  server?.kill();
  await execa('ip', ['netns', 'del', ns], { reject: false });
  await execa('ip', ['link', 'del', bridge], { reject: false });
});

/** Connect and read until the server closes; resolves with the text or the error code. */
function fetchText(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('timeout', () => {
      socket.destroy();
      resolve('TIMEOUT');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'ERROR'));
  });
}

async function iptablesSaveMentions(text: string): Promise<number> {
  const { stdout } = await execa('iptables-save');
  return stdout.split('\n').filter((line) => line.includes(text)).length;
}

describe('publishPort', () => {
  it('makes 127.0.0.1:<port> reach the machine in its namespace with no firewall rule or route_localnet, and unpublish stops it', async () => {
    const hostPort = await findFreePort([43100, 43199], '127.0.0.1');
    expect(await fetchText(hostPort)).toBe('ECONNREFUSED');
    const rulesBefore = await iptablesSaveMentions('faultline');

    const published = await publishPort({ envId, bindAddress: '127.0.0.1', hostPort, targetIp, targetPort: 22 });
    // A host connection: the machine sees the bridge address, which it can answer without any route.
    expect(await fetchText(hostPort)).toBe(`hello from ${subnet}.1\n`);
    expect(await iptablesSaveMentions('faultline')).toBe(rulesBefore);
    expect(await listPublishedPorts()).toContainEqual({ envId, bindAddress: '127.0.0.1', hostPort, targetIp, targetPort: 22, pid: published.pid });
    expect((await execa('cat', [`/proc/sys/net/ipv4/conf/${bridge}/route_localnet`])).stdout).toBe('0');
    expect((await execa('cat', ['/proc/sys/net/ipv4/conf/all/route_localnet'])).stdout).toBe('0');

    expect(await unpublishPort(envId)).toBe(1);
    expect(existsSync(`/proc/${published.pid}/environ`) && readFileSync(`/proc/${published.pid}/environ`, 'utf8').includes(envId)).toBe(false);
    expect(await fetchText(hostPort)).toBe('ECONNREFUSED');
  });

  it('publishes on 0.0.0.0 without ip_forward, reachable on 127.0.0.1', async () => {
    const hostPort = await findFreePort([43100, 43199], '0.0.0.0');
    await publishPort({ envId, bindAddress: '0.0.0.0', hostPort, targetIp, targetPort: 22 });
    expect(await fetchText(hostPort)).toBe(`hello from ${subnet}.1\n`);
    expect(await unpublishPort(envId)).toBe(1);
  });

  it('is safe to run twice: the second publish replaces the first forwarder', async () => {
    const hostPort = await findFreePort([43100, 43199], '127.0.0.1');
    await publishPort({ envId, bindAddress: '127.0.0.1', hostPort, targetIp, targetPort: 22 });
    await publishPort({ envId, bindAddress: '127.0.0.1', hostPort, targetIp, targetPort: 22 });
    expect((await listPublishedPorts()).filter((port) => port.envId === envId)).toHaveLength(1);
    expect(await fetchText(hostPort)).toContain('hello from');
    await unpublishPort(envId);
  });

  it('refuses a host port another environment already published', async () => {
    const hostPort = await findFreePort([43100, 43199], '127.0.0.1');
    await publishPort({ envId, bindAddress: '127.0.0.1', hostPort, targetIp, targetPort: 22 });
    await expect(publishPort({ envId: `${envId}-other`, bindAddress: '127.0.0.1', hostPort, targetIp, targetPort: 22 })).rejects.toThrow(
      /already published for environment/,
    );
    expect(await findFreePort([hostPort, hostPort + 1], '127.0.0.1')).toBe(hostPort + 1);
    await unpublishPort(envId);
  });

  it('fails clearly, leaving nothing running, when the port is taken by something else', async () => {
    const { createServer } = await import('node:net');
    const hostPort = await findFreePort([43100, 43199], '127.0.0.1');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(hostPort, '127.0.0.1', resolve));
    try {
      await expect(publishPort({ envId, bindAddress: '127.0.0.1', hostPort, targetIp, targetPort: 22 })).rejects.toThrow(/Could not publish/);
      expect((await listPublishedPorts()).filter((port) => port.envId === envId)).toEqual([]);
    } finally {
      busy.close();
    }
  });

  it('rejects input that would end up in the forwarder arguments unchecked', async () => {
    await expect(publishPort({ envId: 'a b', bindAddress: '127.0.0.1', hostPort: 1, targetIp, targetPort: 22 })).rejects.toThrow(/letters, digits/);
    await expect(publishPort({ envId, bindAddress: 'localhost', hostPort: 1, targetIp, targetPort: 22 })).rejects.toThrow(/IPv4/);
    await expect(publishPort({ envId, bindAddress: '127.0.0.1', hostPort: 70000, targetIp, targetPort: 22 })).rejects.toThrow(/port number/);
  });
});

describe('unpublishPort', () => {
  it('succeeds with nothing to remove', async () => {
    expect(await unpublishPort(`${envId}-never`)).toBe(0);
  });

  it('does not touch the forwarder of an environment whose id merely starts the same', async () => {
    const hostPort = await findFreePort([43100, 43199], '127.0.0.1');
    await publishPort({ envId: `${envId}0`, bindAddress: '127.0.0.1', hostPort, targetIp, targetPort: 22 });
    expect(await unpublishPort(envId)).toBe(0);
    expect(await fetchText(hostPort)).toContain('hello from');
    expect(await unpublishPort(`${envId}0`)).toBe(1);
  });
});

describe('parseForwarderEnviron', () => {
  it('recognises a forwarder by its environment and ignores other processes', () => {
    const environ = ['PATH=/usr/bin', 'FAULTLINE_PUBLISH=3fa2c1', 'FAULTLINE_PUBLISH_LISTEN=127.0.0.1:2201', 'FAULTLINE_PUBLISH_TARGET=10.213.7.10:22', 'LISTEN_FDS=1', ''].join('\0');
    expect(parseForwarderEnviron(42, environ)).toEqual({ envId: '3fa2c1', bindAddress: '127.0.0.1', hostPort: 2201, targetIp: '10.213.7.10', targetPort: 22, pid: 42 });
    expect(parseForwarderEnviron(42, 'PATH=/usr/bin\0FAULTLINE_PUBLISH=3fa2c1\0')).toBeUndefined();
    expect(parseForwarderEnviron(42, '')).toBeUndefined();
  });
});

describe('findFreePort', () => {
  it('skips a port something on the host already listens on', async () => {
    const first = await findFreePort([43200, 43299], '127.0.0.1');
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(first, '127.0.0.1', resolve));
    try {
      expect(await findFreePort([first, first + 5], '127.0.0.1')).toBeGreaterThan(first);
    } finally {
      busy.close();
    }
  });

  it('says the range is exhausted rather than returning a busy port', async () => {
    const { createServer } = await import('node:net');
    const port = await findFreePort([43300, 43399], '127.0.0.1');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      await expect(findFreePort([port, port], '127.0.0.1')).rejects.toThrow(/No free port/);
    } finally {
      busy.close();
    }
  });
});
