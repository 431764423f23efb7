# Sourced by deploy/container-test.sh and deploy/fleet-test.sh: their check helpers and the installation of the
# Debian packages they need. SCRIPT names the script in its messages.
#   check "what" command...   runs the command: "ok    what" when it succeeds, "FAIL  what" (counted) when not
#   cannot "why"              one line on stderr and exit status 2: this machine cannot run the test
failures=0
cannot() { echo "$SCRIPT: cannot run here: $*" >&2; exit 2; }
ok() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() {
  local what=$1; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# install_missing PACKAGE...: installs with apt-get those not installed yet (as root); cannot() when it may not
install_missing() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "$(id -u)" = 0 ] || cannot "${missing[*]} missing and only root can install them"
  command -v apt-get >/dev/null 2>&1 || cannot "${missing[*]} missing and there is no apt-get to install them with"
  echo "installing ${missing[*]}"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${missing[@]}" >/dev/null || cannot "apt-get could not install ${missing[*]}"
}
