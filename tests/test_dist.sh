#!/bin/sh
# The systemd unit (dist/leerwerk.service) sets only settings that
# `leerwerk serve --help` documents, and starts `leerwerk serve`.
set -eu
unit="$(dirname "$0")/../dist/leerwerk.service"
help=$("$LW_BIN" serve --help)
grep -q '^ExecStart=.*/leerwerk serve$' "$unit" || { echo "ExecStart is not 'leerwerk serve'"; exit 1; }
grep -q '^KillSignal=SIGTERM$' "$unit" || { echo "KillSignal is not SIGTERM"; exit 1; }
vars=$(sed -n 's/^Environment="\{0,1\}\(LEERWERK_[A-Z_]*\)=.*/\1/p' "$unit")
[ -n "$vars" ] || { echo "no LEERWERK_ settings in $unit"; exit 1; }
for v in $vars; do
	echo "$help" | grep -q "$v" || { echo "$v is set in the unit but not in serve --help"; exit 1; }
done
if command -v systemd-analyze >/dev/null 2>&1; then
	# Only the unit's syntax: the binary is not installed here.
	out=$(systemd-analyze verify "$unit" 2>&1 | grep -v 'is not executable' || true)
	[ -z "$out" ] || { echo "$out"; exit 1; }
fi
echo "ok: $(echo $vars | wc -w) settings"
