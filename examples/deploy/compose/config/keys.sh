#!/bin/sh
# Key files for the compose example, run inside the image by the gate-keys and guard-keys services
# (docker compose run --rm gate-keys …). Each step is one command of the README's rotation walkthrough.
#
#   keys.sh init ROLE    first start: a key for ROLE (gate or guard) named current.pem, and its
#                        public set published as $TRUST_DIR/ROLE-jwks.json for the other side
#   keys.sh add          rotation 1: a new gate key next to the current one; prints its kid
#   keys.sh publish      rotation 2: the guards' set becomes every gate key in $KEYS_DIR/jwks.json
#   keys.sh switch KID   rotation 3: current.pem now names KID (then SIGHUP the gate)
#   keys.sh retire KID   rotation 4: KID leaves the guards' set and the key folder (then SIGHUP the guards)
#
# KEYS_DIR, TRUST_DIR and VERBATIM default to the image's paths; a test sets them to replay the steps.
set -eu
keys="${KEYS_DIR:-/var/lib/verbatim/keys}"
trust="${TRUST_DIR:-/var/lib/verbatim/trust}"
verbatim="${VERBATIM:-verbatim}"

# Readers never see half a file: write beside it, then rename over it.
publish_set() { # ROLE SOURCE
  cp "$2" "$trust/.$1-jwks.json.tmp"
  mv -f "$trust/.$1-jwks.json.tmp" "$trust/$1-jwks.json"
}

case "${1:-}" in
  init)
    role="${2:?usage: keys.sh init gate|guard}"
    if [ ! -e "$keys/current.pem" ]; then
      kid=$("$verbatim" keys generate --dir "$keys" | sed -n 's/^kid //p')
      ln -s -- "$kid.key.pem" "$keys/current.pem"
      publish_set "$role" "$keys/jwks.json"
      echo "keys: $role key $kid created and published as $trust/$role-jwks.json"
    else
      echo "keys: $role key $(readlink "$keys/current.pem" | sed 's/\.key\.pem$//') already there"
    fi
    ;;
  add)
    "$verbatim" keys generate --dir "$keys" | sed -n 's/^kid //p'
    ;;
  publish)
    publish_set gate "$keys/jwks.json"
    echo "keys: the guards' set now holds $(grep -c '"kid"' "$trust/gate-jwks.json") key(s); SIGHUP the guards"
    ;;
  switch)
    kid="${2:?usage: keys.sh switch KID}"
    [ -e "$keys/$kid.key.pem" ] || { echo "keys: no key $kid in $keys" >&2; exit 1; }
    ln -s -- "$kid.key.pem" "$keys/.current.pem.tmp"
    mv -f "$keys/.current.pem.tmp" "$keys/current.pem"
    echo "keys: current.pem -> $kid.key.pem; SIGHUP the gate"
    ;;
  retire)
    kid="${2:?usage: keys.sh retire KID}"
    [ "$(readlink "$keys/current.pem")" != "$kid.key.pem" ] || { echo "keys: $kid still signs; switch first" >&2; exit 1; }
    # A kid may start with '-': it travels in the environment, never as an argument.
    SET="$keys/jwks.json" KID="$kid" node -e '
      const fs = require("fs"), { SET: file, KID: kid } = process.env
      const set = JSON.parse(fs.readFileSync(file, "utf8"))
      set.keys = set.keys.filter((k) => k.kid !== kid)
      fs.writeFileSync(file + ".tmp", JSON.stringify(set, null, 2) + "\n")
      fs.renameSync(file + ".tmp", file)
    '
    publish_set gate "$keys/jwks.json"
    rm -f -- "$keys/$kid.key.pem"
    echo "keys: $kid retired; the guards' set holds $(grep -c '"kid"' "$trust/gate-jwks.json") key(s); SIGHUP the guards"
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
