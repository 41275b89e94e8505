#!/bin/sh
# scripts/bootstrap run by a user who is not root: with packages missing it
# prints the exact apt-get command and stops (status 1); with none missing it
# says nothing and succeeds. It always asks for chromium (the browser test),
# and for nodejs and npm when no npm is on PATH. dpkg-query is replaced by a
# stand-in, so no real package state matters. Needs root to drop to "nobody"
# (setpriv); skips (77) otherwise.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "skipped: needs root and setpriv to run as another user"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir -p "$tmp/missing" "$tmp/present"
printf '#!/bin/sh\nexit 1\n' >"$tmp/missing/dpkg-query"
printf '#!/bin/sh\necho "install ok installed"\n' >"$tmp/present/dpkg-query"
chmod 755 "$tmp/missing" "$tmp/present" "$tmp/missing/dpkg-query" "$tmp/present/dpkg-query"
cp "$root/scripts/bootstrap" "$tmp/bootstrap"
chmod 755 "$tmp/bootstrap"

# A PATH with only what bootstrap runs (no npm), for the Node.js case.
mkdir -p "$tmp/tools"
for t in sh grep id; do
	ln -s "$(command -v $t)" "$tmp/tools/$t"
done
chmod 755 "$tmp/tools"

as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env PATH="$1:${2:-/usr/bin:/bin}" sh "$tmp/bootstrap" >"$tmp/out" 2>&1
}

passed=0 failed=0
check() {
	if [ "$1" = ok ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $2"
		sed 's/^/  | /' "$tmp/out"
	fi
}

as_nobody "$tmp/missing"
status=$?
[ $status -eq 1 ] && check ok || check bad "missing packages: status $status, want 1"
grep -q 'sudo apt-get update && sudo apt-get install -y build-essential cmake' "$tmp/out" &&
	grep -q 'libstemmer-dev' "$tmp/out" && grep -q 'libxlsxwriter-dev' "$tmp/out" && check ok ||
	check bad "missing packages: the exact command is not printed"
grep -q 'install -y.* chromium$' "$tmp/out" && check ok ||
	check bad "missing packages: chromium (for the browser test) is not asked for"

as_nobody "$tmp/missing" "$tmp/tools"
status=$?
[ $status -eq 1 ] && grep -q 'install -y.* nodejs npm chromium$' "$tmp/out" && check ok ||
	check bad "no npm on PATH: status $status, want 1 and nodejs npm in the command"

as_nobody "$tmp/present"
status=$?
[ $status -eq 0 ] && [ ! -s "$tmp/out" ] && check ok ||
	check bad "nothing missing: status $status or output, want 0 and silence"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
