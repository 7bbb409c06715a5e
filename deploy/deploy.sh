#!/usr/bin/env bash
# Publish the given hosts: each host's folder from the build goes to its place on the web server.
#
#   werkcentrum publish --changed-since oud/publish.json | deploy/deploy.sh
#   deploy/deploy.sh twente.werkcentrum.nl www.werkcentrum.nl
#
# Everything comes from the environment (CI secrets), nothing is stored in the repository:
#   DEPLOY_TARGET       rsync destination with {host} and/or {dir}, for example
#                       deploy@web1.example.nl:/srv/werkcentrum/site/{dir}/   (one server, nginx from server-config)
#                       /var/www/{host}/                                       (a local folder per host)
#                       Not set: a dry run that only shows what would be published.
#   DEPLOY_SSH_KEY      private key for ssh destinations (the key itself, not a file name)
#   DEPLOY_KNOWN_HOSTS  known_hosts lines of the server, so its identity is checked
#   SITE_DIR            the built sites with publish.json (default: site)
#   RSYNC               the rsync program (default: rsync)
#
# Live files are never deleted before the new ones are complete: rsync keeps the new files aside until the
# whole host is transferred, renames them into place in one quick pass (--delay-updates) and only then removes
# files that are gone (--delete-delay). A transfer that breaks off leaves the live host as it was.
set -euo pipefail

SITE_DIR="${SITE_DIR:-site}"
RSYNC="${RSYNC:-rsync}"
MANIFEST="$SITE_DIR/publish.json"

if [ ! -f "$MANIFEST" ]; then
  echo "deploy: $MANIFEST ontbreekt. Bouw eerst met: werkcentrum build" >&2
  exit 1
fi

if [ $# -gt 0 ]; then
  hosts=("$@")
else
  mapfile -t hosts < <(grep -v '^[[:space:]]*$' || true)
fi
if [ ${#hosts[@]} -eq 0 ]; then
  echo "deploy: niets te publiceren, geen enkele host is gewijzigd."
  exit 0
fi

# host -> site folder, from the manifest of this build (python3 is there: the build needs it).
folder_of() {
  python3 - "$MANIFEST" "$1" <<'PY'
import json, sys
sites = json.load(open(sys.argv[1], encoding="utf-8"))["sites"]
print(next((s["dir"] for s in sites if s["host"] == sys.argv[2]), ""))
PY
}

ssh_opts=()
cleanup() { [ -n "${key_dir:-}" ] && rm -rf "$key_dir"; return 0; }
trap cleanup EXIT
if [ -n "${DEPLOY_SSH_KEY:-}" ]; then
  key_dir="$(mktemp -d)"
  printf '%s\n' "$DEPLOY_SSH_KEY" > "$key_dir/key"
  printf '%s\n' "${DEPLOY_KNOWN_HOSTS:-}" > "$key_dir/known_hosts"
  chmod 600 "$key_dir/key"
  ssh_opts=(-e "ssh -i $key_dir/key -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$key_dir/known_hosts")
fi

declare -A done_targets=()
published=0
for host in "${hosts[@]}"; do
  case "$host" in
    *[!a-z0-9.-]* | "" | .* | *..*) echo "deploy: '$host' is geen geldige hostnaam." >&2; exit 1 ;;
  esac
  dir="$(folder_of "$host")"
  if [ -z "$dir" ]; then
    echo "deploy: $host staat niet meer in $MANIFEST (regio verwijderd?). Haal de site met de hand offline." >&2
    continue
  fi
  if [ -z "${DEPLOY_TARGET:-}" ]; then
    echo "proefdraai: $host <- $SITE_DIR/$dir/ (zet DEPLOY_TARGET om echt te publiceren)"
    continue
  fi
  target="${DEPLOY_TARGET//\{host\}/$host}"
  target="${target//\{dir\}/$dir}"
  target="${target%/}/"
  if [ -n "${done_targets[$target]:-}" ]; then
    echo "$host: al gepubliceerd naar $target"
    continue
  fi
  "$RSYNC" --recursive --links --perms --chmod=D755,F644 --checksum --mkpath \
    --delay-updates --delete-delay "${ssh_opts[@]}" "$SITE_DIR/$dir/" "$target"
  done_targets[$target]=1
  published=$((published + 1))
  echo "$host: gepubliceerd naar $target"
done

if [ -n "${DEPLOY_TARGET:-}" ]; then
  echo "deploy: $published map(pen) bijgewerkt voor ${#hosts[@]} host(s)."
fi
