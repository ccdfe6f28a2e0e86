/**
 * The user namespace machines run in. Every machine of every environment
 * maps its uids/gids 0…65535 to host ids USERNS_BASE…USERNS_BASE+65535, so
 * root inside is an unprivileged host uid: host sysctls, cgroup files,
 * devices and every host file stay out of reach by construction.
 *
 * One fixed range for all machines: the overlay root needs its lower layer
 * owned by the shifted ids (this kernel cannot idmap an overlay mount and
 * nspawn 252 refuses --private-users-ownership=map with --overlay), so each
 * range costs a shifted copy of the base image. Machines of different
 * environments share host ids but nothing else (own pid, mount, network,
 * IPC and cgroup namespaces, per-namespace rlimit counters), so one range
 * separates candidates from the host; it does not add a second wall between
 * environments should one escape its mount namespace.
 *
 * 0x70000000 lies above nspawn's own `--private-users=pick` range
 * (0x00080000…0x6FFFFFFF) and below the ids systemd reserves from 0x80000000,
 * so no nspawn container and no host account can own these ids.
 */
export const USERNS_BASE = 0x7000_0000;
export const USERNS_SIZE = 0x1_0000;

/** How ids inside machines appear on the host: `shift` is 0 without a user namespace. */
export interface IdShift {
  readonly shift: number;
}

export const NO_SHIFT: IdShift = { shift: 0 };
export const USERNS_SHIFT: IdShift = { shift: USERNS_BASE };

export function idShiftFor(userNamespace: boolean): IdShift {
  return userNamespace ? USERNS_SHIFT : NO_SHIFT;
}

/** Host id of an id inside the machine. Ids outside the mapped range are a bug in the caller. */
export function hostId(ids: IdShift, inside: number): number {
  if (!Number.isInteger(inside) || inside < 0 || (ids.shift !== 0 && inside >= USERNS_SIZE)) {
    throw new RangeError(`id ${inside} is outside the machines' mapped range 0…${USERNS_SIZE - 1}`);
  }
  return ids.shift + inside;
}

/** The nspawn flags for this shift: a fixed range over a pre-shifted image (ownership off), or none. */
export function usernsArgs(ids: IdShift): string[] {
  if (ids.shift === 0) return [];
  return [`--private-users=${ids.shift}:${USERNS_SIZE}`, '--private-users-ownership=off'];
}
