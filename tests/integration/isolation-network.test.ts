import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFaultIds } from '../../faults/registry.js';
import { publishPort, unpublishPort } from '../../src/access/port-publish.js';
import { createProbes, curlHttp } from '../../src/engine/probes.js';
import type { Config } from '../../src/schema/config.js';
import { localEnvStateSchema, type LocalEnvState } from '../../src/schema/state.js';
import { PORTS } from '../../src/stack/topology.js';
import { isolateBridge, removeEnvRules } from '../../src/targets/local/firewall.js';
import { createLocalTarget } from '../../src/targets/local/local-target.js';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue, type Residue } from '../support/residue.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('network isolation integration tests', skipReason);

/**
 * Network isolation and "nothing gives the answer away", attacked as the
 * candidate: every attack runs over SSH with the access bundle and sudo. Two
 * real environments (a disk-pressure one under attack, a baseline one as the
 * neighbour). Traffic goes only to the test's own listeners on this host, to
 * an address the test adds on a link of its own, and to the two environments.
 */

interface AccessJson {
  readonly files: { sshConfig: string };
}

interface Booted {
  readonly state: LocalEnvState;
  readonly sshConfig: string;
}

interface CheckJson {
  readonly passed: boolean;
  readonly faults: { fault: string; passed: boolean; criteria: { name: string; passed: boolean }[] }[];
}

/** A real OpenSSH client as the candidate; the script runs under `sudo bash` on the machine. */
async function asCandidate(env: Booted, machine: string, script: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa('ssh', ['-F', env.sshConfig, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', machine, 'sudo -n bash -s'], {
    input: script,
    reject: false,
    timeout: 90_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Shell for the machine: try a TCP connection (3 s), print `<label> OPEN` or `<label> CLOSED`. */
function tryConnect(label: string, address: string, port: number): string {
  return `if timeout 3 bash -c 'exec 3<>/dev/tcp/${address}/${port}' 2>/dev/null; then echo "${label} OPEN"; else echo "${label} CLOSED"; fi\n`;
}

/** A TCP listener on this host that remembers who connected. */
async function listen(host: string): Promise<{ server: Server; port: number; peers: string[] }> {
  const peers: string[] = [];
  const server = createServer((socket: Socket) => {
    // Attack scripts hang up at once; a reset is not an error here.
    socket.on('error', () => undefined);
    peers.push(String(socket.remoteAddress));
    socket.end('host-secret\n');
  });
  await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listener has no port');
  return { server, port: address.port, peers };
}

async function sysctl(key: string, value?: string): Promise<string> {
  const path = `/proc/sys/${key.replace(/\./g, '/')}`;
  if (value !== undefined) await writeFile(path, value);
  return (await readFile(path, 'utf8')).trim();
}

async function readState(home: string, name: string): Promise<LocalEnvState> {
  return localEnvStateSchema.parse(JSON.parse(await readFile(join(home, 'envs', name, 'state.json'), 'utf8')));
}

describe.skipIf(skipReason !== undefined)('network isolation and no answer on the machines, attacked as the candidate over SSH', () => {
  const home = createTestHome();
  const scratch = mkdtempSync(join(tmpdir(), 'fl-isolation-it-'));
  // Not named fl…: residue snapshots count those as faultline's.
  const dummy = `isot${process.pid % 100000}`;
  const dummyAddress = '198.18.77.1';
  let before: Residue;
  let target: Booted;
  let neighbour: Booted;
  let loopbackListener: Awaited<ReturnType<typeof listen>>;
  let anyListener: Awaited<ReturnType<typeof listen>>;

  const gateway = (env: Booted): string => `${env.state.subnet}.1`;
  const address = (env: Booted, role: string): string => env.state.machines.find((m) => m.role === role)?.address ?? '';

  const savedHome = process.env.FAULTLINE_HOME;

  beforeAll(async () => {
    // In-process helpers (the local target's executor) find the environments' files under FAULTLINE_HOME, as the CLI does.
    process.env.FAULTLINE_HOME = home.home;
    before = await snapshotResidue(home.home);
    const boot = async (scenario: string, candidate: string): Promise<Booted> => {
      const up = await faultline(['up', scenario, '--candidate', candidate, '--json'], home.env);
      expect(up.exitCode, up.stderr).toBe(0);
      const name = parseJson<{ state: { name: string } }>(up).state.name;
      const access = await faultline(['access', name, '--out', join(scratch, candidate), '--json'], home.env);
      expect(access.exitCode, access.stderr).toBe(0);
      return { state: await readState(home.home, name), sshConfig: parseJson<AccessJson>(access).files.sshConfig };
    };
    target = await boot('disk-pressure', 'ada');
    neighbour = await boot('baseline', 'grace');
    loopbackListener = await listen('127.0.0.1');
    anyListener = await listen('0.0.0.0');
    // "The host's other addresses": one the test owns, on a link of its own (a portless bridge: no dummy module here).
    await execa('ip', ['link', 'add', dummy, 'type', 'bridge']);
    await execa('ip', ['addr', 'add', `${dummyAddress}/32`, 'dev', dummy]);
    await execa('ip', ['link', 'set', dummy, 'up']);
  }, 600_000);

  afterAll(async () => {
    loopbackListener?.server.close();
    anyListener?.server.close();
    await execa('ip', ['link', 'del', dummy], { reject: false });
    await faultline(['down', '--all', '--wait'], home.env);
    rmSync(scratch, { recursive: true, force: true });
    home.remove();
    if (savedHome === undefined) delete process.env.FAULTLINE_HOME;
    else process.env.FAULTLINE_HOME = savedHome;
  }, 300_000);

  it('keeps the isolation chains of a ready environment after access is published, withdrawn and published again', async () => {
    const chains = async (tool: string): Promise<string[]> =>
      (await execa(tool, ['-t', 'filter'])).stdout.split('\n').filter((line) => line.includes(`FL-${target.state.id}-ISO-`));
    for (const tool of ['iptables-save', 'ip6tables-save']) {
      const lines = await chains(tool);
      expect(lines).toContain(`-A FL-${target.state.id}-ISO-IN -j DROP`);
      expect(lines).toContain(`-A FL-${target.state.id}-ISO-FWD -j DROP`);
      expect(lines.filter((line) => /^-A (INPUT|FORWARD) /.test(line))).toHaveLength(3);
    }
    // Publishing is a forwarder process, not a rule: withdrawing it leaves the firewall as it was.
    const saved = await chains('iptables-save');
    const access = target.state.access;
    expect(access).toBeDefined();
    expect(await unpublishPort(target.state.id)).toBe(1);
    expect(await chains('iptables-save')).toEqual(saved);
    const edge = address(target, 'edge');
    await publishPort({ envId: target.state.id, bindAddress: access!.bindAddress, hostPort: access!.port, targetIp: edge, targetPort: PORTS.ssh });
    expect(await chains('iptables-save')).toEqual(saved);
    const back = await asCandidate(target, 'edge', 'hostname\n');
    expect(back.stdout.trim(), back.stderr).toBe('edge');
    // No NAT and no route_localnet anywhere.
    expect((await execa('iptables-save', ['-t', 'nat'])).stdout).not.toContain(target.state.id);
    for (const dev of ['all', 'default', target.state.bridge]) expect(await sysctl(`net.ipv4.conf.${dev}.route_localnet`)).toBe('0');
    // The bridge speaks no IPv6: no host address on it for machines to reach.
    expect(await sysctl(`net.ipv6.conf.${target.state.bridge}.disable_ipv6`)).toBe('1');
    expect((await execa('ip', ['-6', 'addr', 'show', 'dev', target.state.bridge])).stdout).toBe('');
  });

  it('edge cannot open a connection to host listeners on 127.0.0.1 or on all addresses, even with routes to the host’s other addresses', async () => {
    const gw = gateway(target);
    const script = [
      tryConnect('gateway-any', gw, anyListener.port),
      tryConnect('gateway-loopback-port', gw, loopbackListener.port),
      `ip route add ${dummyAddress}/32 via ${gw}`,
      tryConnect('other-address', dummyAddress, anyListener.port),
      `ip route del ${dummyAddress}/32 via ${gw}`,
    ].join('\n');
    const result = await asCandidate(target, 'edge', script);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(['gateway-any CLOSED', 'gateway-loopback-port CLOSED', 'other-address CLOSED']);
    expect(anyListener.peers.filter((peer) => !peer.includes('127.0.0.1'))).toEqual([]);
  });

  it('the same attack succeeds with the isolation chains removed (so the test above can fail), and they come back', async () => {
    await removeEnvRules(target.state.id);
    try {
      const result = await asCandidate(target, 'edge', tryConnect('gateway-any', gateway(target), anyListener.port));
      expect(result.stdout.trim()).toBe('gateway-any OPEN');
      expect(anyListener.peers).toContain(address(target, 'edge'));
    } finally {
      await isolateBridge(target.state.id, target.state.bridge);
    }
    anyListener.peers.length = 0;
    const again = await asCandidate(target, 'edge', tryConnect('gateway-any', gateway(target), anyListener.port));
    expect(again.stdout.trim()).toBe('gateway-any CLOSED');
  });

  it('edge cannot reach a host service bound to 127.0.0.1 with route_localnet and a policy route via the gateway, and cannot set the host’s sysctl', async () => {
    const gw = gateway(target);
    // Everything is undone by the trap, also when a step fails.
    const script = `
      set -u
      restore() {
        ip rule del pref 10 2>/dev/null; ip route flush table 100 2>/dev/null
        ip rule add pref 0 lookup local 2>/dev/null; ip rule del pref 100 lookup local 2>/dev/null
        sysctl -qw net.ipv4.conf.all.route_localnet=0 net.ipv4.conf.host0.route_localnet=0
      }
      trap restore EXIT
      sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.host0.route_localnet=1
      echo "inside route_localnet=$(cat /proc/sys/net/ipv4/conf/host0/route_localnet)"
      ip rule add pref 100 lookup local && ip rule del pref 0
      ip route add 127.0.0.1/32 via ${gw} dev host0 table 100
      ip rule add pref 10 to 127.0.0.1/32 lookup 100
      echo "route $(ip route get 127.0.0.1 | head -1 | grep -o 'via [0-9.]*')"
      ${tryConnect('loopback-via-gateway', '127.0.0.1', loopbackListener.port)}
    `;
    const result = await asCandidate(target, 'edge', script);
    expect(result.stdout.trim().split('\n'), result.stderr).toEqual(['inside route_localnet=1', `route via ${gw}`, 'loopback-via-gateway CLOSED']);
    expect(loopbackListener.peers).toEqual([]);
    for (const dev of ['all', target.state.bridge]) expect(await sysctl(`net.ipv4.conf.${dev}.route_localnet`)).toBe('0');
    // The machine's own rules are back to normal (the trap ran).
    const rules = await asCandidate(target, 'edge', 'ip rule show | head -1\n');
    expect(rules.stdout).toMatch(/^0:\s+from all lookup local/);
  });

  it('edge cannot reach the other environment’s gateway or machines, even with ip_forward=1 on the host', async () => {
    const forwarding = await sysctl('net.ipv4.ip_forward');
    const gw = gateway(target);
    const script = [
      `ip route add ${neighbour.state.subnet}.0/24 via ${gw}`,
      tryConnect('neighbour-gateway', gateway(neighbour), anyListener.port),
      tryConnect('neighbour-edge-ssh', address(neighbour, 'edge'), PORTS.ssh),
      tryConnect('neighbour-edge-https', address(neighbour, 'edge'), PORTS.edgeHttps),
      tryConnect('neighbour-app', address(neighbour, 'app'), PORTS.appInstances[0]),
      `ip route del ${neighbour.state.subnet}.0/24 via ${gw}`,
    ].join('\n');
    try {
      await sysctl('net.ipv4.ip_forward', '1');
      const result = await asCandidate(target, 'edge', script);
      expect(result.stdout.trim().split('\n'), result.stderr).toEqual([
        'neighbour-gateway CLOSED',
        'neighbour-edge-ssh CLOSED',
        'neighbour-edge-https CLOSED',
        'neighbour-app CLOSED',
      ]);
    } finally {
      await sysctl('net.ipv4.ip_forward', forwarding);
    }
    expect(await sysctl('net.ipv4.ip_forward')).toBe(forwarding);
    // Control: the neighbour's edge does answer on those ports from inside its own environment.
    const own = await asCandidate(neighbour, 'edge', tryConnect('own-edge-https', address(neighbour, 'edge'), PORTS.edgeHttps));
    expect(own.stdout.trim()).toBe('own-edge-https OPEN');
  });

  it('no file on any machine names the scenario, a fault or the host-side environment name', async () => {
    const ids = [...new Set([target.state.scenario, target.state.name, ...listFaultIds()])];
    const hits: string[] = [];
    for (const env of [target, neighbour]) {
      for (const machine of env.state.machines) {
        // The root filesystem's writable layer (everything seeded or written since boot)…
        const upper = await execa('grep', ['-rlaF', '-D', 'skip', ...ids.flatMap((id) => ['-e', id]), machine.upperDir], { reject: false });
        hits.push(...String(upper.stdout).split('\n').filter(Boolean));
        // …and every other filesystem mounted in the machine (tmpfs, volumes), except /proc, /sys and /dev.
        const mountinfo = await readFile(`/proc/${machine.leaderPid}/mountinfo`, 'utf8');
        const others = [...new Set(mountinfo.split('\n').map((line) => line.split(' ')[4] ?? ''))].filter((m) => m && m !== '/' && !/^\/(proc|sys|dev)(\/|$)/.test(m));
        expect(others.length).toBeGreaterThan(0);
        const inside = await execa('nsenter', ['-t', String(machine.leaderPid), '-a', '--', 'grep', '-rlaF', '--no-messages', '-D', 'skip', ...ids.flatMap((id) => ['-e', id]), ...others], { reject: false });
        hits.push(...String(inside.stdout).split('\n').filter(Boolean).map((path) => `${machine.name}:${path}`));
      }
    }
    expect(hits).toEqual([]);
    // The names the machines show instead.
    const edge = await asCandidate(target, 'edge', `grep -h 'env-' /etc/hosts | head -2; openssl x509 -in /etc/faultline/ca.crt -noout -subject\n`);
    expect(edge.stdout).toContain(`edge.env-${target.state.id}.internal`);
    expect(edge.stdout).toContain(`CN = faultline env-${target.state.id} CA`);
  });

  it('replacing curl and the CA file on mon changes neither a judging probe nor `check`', async () => {
    const { stdout: otherCa } = await execa('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=forged', '-days', '1']);
    const executor = createLocalTarget({} as Config).executor(target.state);
    const probes = createProbes(executor);
    const orders = 'https://edge/api/orders';
    const honest = await probes.http('mon', orders);
    expect(honest.status, honest.body).toBe(200);
    const checked = parseJson<CheckJson>(await faultline(['check', target.state.name, '--json'], home.env));
    expect(checked.passed).toBe(false);

    const forge = `
      cp -a /usr/bin/curl /root/curl.orig && cp -a /etc/faultline/ca.crt /root/ca.crt.orig
      cat > /etc/faultline/ca.crt <<'PEM'
${otherCa}
PEM
      cat > /usr/bin/curl <<'SH'
#!/bin/sh
printf 'HTTP/1.1 201 Created\\r\\ncontent-type: application/json\\r\\n\\r\\n{"id":"forged"}'
SH
      chmod 755 /usr/bin/curl
      curl https://edge/api/orders | head -1
    `;
    const restore = 'mv -f /root/curl.orig /usr/bin/curl && mv -f /root/ca.crt.orig /etc/faultline/ca.crt && echo restored\n';
    try {
      const forged = await asCandidate(target, 'mon', forge);
      expect(forged.stdout, forged.stderr).toContain('HTTP/1.1 201 Created');
      // Control: a probe that trusted the machine would now be fooled.
      const fooled = await curlHttp({ ...executor, trusted: undefined }, 'mon', orders, { method: 'POST', body: '{}' });
      expect(fooled.status).toBe(201);

      const after = await probes.http('mon', orders);
      expect(after.status).toBe(honest.status);
      const post = await probes.http('mon', orders, { method: 'POST', body: JSON.stringify({ item: 'isolation-probe', quantity: 1 }) });
      expect(post.status).not.toBe(201);
      const rechecked = parseJson<CheckJson>(await faultline(['check', target.state.name, '--json'], home.env));
      const verdicts = (result: CheckJson) => result.faults.flatMap((f) => f.criteria.map((c) => `${f.fault}: ${c.name}: ${c.passed}`));
      expect(verdicts(rechecked)).toEqual(verdicts(checked));
    } finally {
      const restored = await asCandidate(target, 'mon', restore);
      expect(restored.stdout.trim(), restored.stderr).toBe('restored');
    }
  });

  it('down removes chains, forwarders and every other host object of both environments', async () => {
    for (const env of [target, neighbour]) {
      const down = await faultline(['down', env.state.name, '--wait'], home.env);
      expect(down.exitCode, down.stderr).toBe(0);
    }
    const residue = await snapshotResidue(home.home);
    for (const id of [target.state.id, neighbour.state.id]) expect(JSON.stringify(residue)).not.toContain(id);
    // Nothing new since before the environments existed (other developers' short-lived objects may have gone meanwhile).
    for (const key of Object.keys(before) as (keyof Residue)[]) {
      expect(residue[key].filter((entry) => !before[key].includes(entry)), key).toEqual([]);
    }
  }, 300_000);
});
