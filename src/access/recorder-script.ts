import { FaultlineError } from '../errors/index.js';
import { ACCESS_PATHS } from './access-paths.js';

export interface RecorderScriptOptions {
  /** Where recordings go (default /var/log/faultline/sessions). */
  readonly sessionsDir?: string;
  /** Shell for interactive sessions and commands (default /bin/bash). */
  readonly shell?: string;
  /** Journal tag of the start/end lines (default faultline-session). */
  readonly loggerTag?: string;
}

/** Journal tag the recorder logs session start/end lines under. */
export const SESSION_LOGGER_TAG = 'faultline-session';

/**
 * Render `/usr/local/sbin/faultline-session`, sshd's ForceCommand. Every
 * session gets an id `<utc stamp>-<host>-<user>-<pid>` and a
 * `<id>.meta.json` (written at start with `ended: null`, rewritten at end),
 * plus a journal line at start and end (`logger -t faultline-session`).
 *
 * - pty sessions (`ssh app`, `ssh -t app htop`): util-linux `script` records
 *   output, input and multi-stream timing (`-m advanced`) into
 *   `<id>.out`, `<id>.in`, `<id>.timing`.
 * - commands without a pty (`ssh app journalctl -u nginx`): run as sshd would,
 *   with stdout and stderr teed into `<id>.out` (no pty, so output stays
 *   byte-exact and binary-safe; no timing, no stdin).
 * - file transfers (sftp-server, `scp -t/-f`, `rsync --server`): run
 *   unrecorded (a pty or a copy of the stream would break or bloat them), but
 *   still logged with their command line in the meta and the journal.
 *
 * The wrapper fails open: if the sessions directory is not writable the
 * candidate still gets in, and the journal says the session was not recorded.
 * The exit status of the command or shell is the exit status of the session.
 */
export function renderRecorderScript(options: RecorderScriptOptions = {}): string {
  const sessionsDir = options.sessionsDir ?? ACCESS_PATHS.sessionsDir;
  const shell = options.shell ?? '/bin/bash';
  const tag = options.loggerTag ?? SESSION_LOGGER_TAG;
  for (const [what, value] of [['sessionsDir', sessionsDir], ['shell', shell]] as const) {
    if (!/^\/[A-Za-z0-9._/-]*$/.test(value)) {
      throw new FaultlineError('INVALID_PARAMS', `${what} ${JSON.stringify(value)} must be an absolute path of plain characters.`);
    }
  }
  if (!/^[A-Za-z0-9._-]+$/.test(tag)) throw new FaultlineError('INVALID_PARAMS', `loggerTag ${JSON.stringify(tag)} must be a plain word.`);
  return TEMPLATE.replaceAll('@SESSIONS_DIR@', sessionsDir).replaceAll('@SHELL@', shell).replaceAll('@TAG@', tag);
}

const TEMPLATE = String.raw`#!/bin/bash
# faultline-session: sshd ForceCommand that records every candidate session.
# Managed by faultline; see src/access/recorder-script.ts for what is recorded.
set -u
umask 077
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export SHELL=@SHELL@
dir=@SESSIONS_DIR@
user=$(id -un)
host=$(uname -n)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
started=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
id="$stamp-$host-$user-$$"
base="$dir/$id"
read -r client_ip client_port _ <<<"${"$"}{SSH_CONNECTION:-- - -}"
has_cmd=${"$"}{SSH_ORIGINAL_COMMAND:+1}
cmd=${"$"}{SSH_ORIGINAL_COMMAND-}

if [ -n "$has_cmd" ]; then
  case "$cmd" in
    internal-sftp*) mode=transfer; cmd=/usr/lib/openssh/sftp-server ;;
    */sftp-server*|sftp-server*|"scp "*|"rsync --server"*) mode=transfer ;;
    *) if [ -t 0 ] && [ -t 1 ]; then mode=tty; else mode=command; fi ;;
  esac
elif [ -t 0 ] && [ -t 1 ]; then
  mode=tty
else
  mode=command
fi

cols=null rows=null term=null
if [ "$mode" = tty ]; then
  size=$(stty size 2>/dev/null) && read -r rows cols <<<"$size"
  case "$rows$cols" in ''|*[!0-9]*) cols=null rows=null ;; esac
  term=${"$"}{TERM:-}
fi

json() {
  local s=$1
  s=${"$"}{s//\\/\\\\}
  s=${"$"}{s//\"/\\\"}
  s=${"$"}{s//$'\n'/\\n}
  s=${"$"}{s//$'\r'/\\r}
  s=${"$"}{s//$'\t'/\\t}
  s=${"$"}{s//[$'\001'-$'\037'$'\177']/}
  printf '"%s"' "$s"
}
json_or_null() { if [ -n "$1" ] && [ "$1" != - ] && [ "$1" != null ]; then json "$1"; else printf null; fi; }

write_meta() {
  local ended=$1 status=$2 command=null
  [ -n "$has_cmd" ] && command=$(json "$cmd")
  printf '{"version":1,"id":%s,"machine":%s,"user":%s,"clientIp":%s,"clientPort":%s,"mode":"%s","command":%s,"term":%s,"cols":%s,"rows":%s,"started":"%s","ended":%s,"exitStatus":%s}\n' \
    "$(json "$id")" "$(json "$host")" "$(json "$user")" "$(json_or_null "$client_ip")" "$(json_or_null "$client_port")" \
    "$mode" "$command" "$(json_or_null "$term")" "$cols" "$rows" "$started" "$ended" "$status" >"$base.meta.json.tmp" &&
    mv -f "$base.meta.json.tmp" "$base.meta.json"
}

journal() { logger -t @TAG@ -- "$*" 2>/dev/null || true; }

describe="id=$id user=$user from=${"$"}{client_ip:--} mode=$mode"
[ -n "$has_cmd" ] && describe="$describe command=$cmd"

run_unrecorded() {
  if [ -n "$has_cmd" ]; then "$SHELL" -c "$cmd"; else "$SHELL" -l; fi
}

if ! { [ -d "$dir" ] && [ -w "$dir" ] && write_meta null null; } 2>/dev/null; then
  journal "session-start $describe recorded=no (cannot write $dir)"
  run_unrecorded
  status=$?
  journal "session-end id=$id status=$status recorded=no"
  exit "$status"
fi

journal "session-start $describe"
trap 'hangup=1' HUP TERM
hangup=0

case "$mode" in
  tty)
    run=${"$"}{cmd:-exec $SHELL -l}
    script -q -f -e -m advanced --log-out "$base.out" --log-in "$base.in" --log-timing "$base.timing" -c "$run"
    status=$?
    ;;
  command)
    if [ -n "$has_cmd" ]; then set -- -c "$cmd"; else set -- -l; fi
    ( "$SHELL" "$@" 2>&1 1>&3 3>&- | tee -a "$base.out" >&2 3>&-; exit "${"$"}{PIPESTATUS[0]}" ) 3>&1 | tee -a "$base.out"
    status=${"$"}{PIPESTATUS[0]}
    ;;
  transfer)
    "$SHELL" -c "$cmd"
    status=$?
    ;;
esac

write_meta "\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"" "$status" 2>/dev/null
journal "session-end id=$id status=$status hangup=$hangup"
exit "$status"
`;
