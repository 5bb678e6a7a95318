#!/usr/bin/env bash
# The README's main job: start the simulator, point Terraform at it through a
# dev_overrides CLI config, and run plan/apply in a throwaway workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin="$root/.bin"
export PATH="$bin:$PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/fams-demo.XXXXXX")
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "starting the simulator: a 2-node ASM RAC and a 1-node LVM system"
"$bin/famsctl" sim --state-dir "$work/sim" --scenario examples/demo/scenario.json \
  --ssh-port 0 >"$work/sim.log" 2>&1 &
sim_pid=$!
# The simulator writes env last, once every node and the API are listening.
for _ in $(seq 1 300); do
  [ -s "$work/sim/env" ] && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.log"; exit 1; }
  sleep 0.1
done
[ -s "$work/sim/env" ] || { echo "the simulator did not start in 30 s"; cat "$work/sim.log"; exit 1; }
cat "$work/sim.log"
# shellcheck disable=SC1091
. "$work/sim/env"

say "a DB node over SSH: real OpenSSH client, host key checked against the simulator's known_hosts"
ssh -F /dev/null -i "$work/sim/id_opc" -o IdentitiesOnly=yes -o BatchMode=yes \
  -o UserKnownHostsFile="$FAMS_SSH_KNOWN_HOSTS" -o StrictHostKeyChecking=yes -p "$FAMS_SSH_PORT" \
  "$FAMS_SSH_USER@127.0.1.1" 'hostname; uname -r; sudo -n /opt/oracle/dcs/bin/dbcli get-availableospatches'

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "fleetpatch/fams" = "$bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export TF_VAR_compartment_id="$FAMS_COMPARTMENT_ID"

mkdir -p "$work/tf"
cp examples/demo/*.tf "$work/tf/"
cd "$work/tf"

say "terraform plan: the patch preview (nodes in rolling order, kernels, expected reboots)"
terraform plan -input=false -no-color -out=plan.tfplan

say "terraform apply: each DB system patched node by node (stack stop, reboot by boot_id, post-checks)"
terraform apply -input=false -no-color plan.tfplan

say "terraform plan again: nothing to do"
terraform plan -input=false -no-color -detailed-exitcode

say "drift: an operator boots salesrac2 back into its old kernel"
node_status() { curl -fsS "$FAMS_SIM_ADMIN_URL/nodes/salesrac2"; }
boot_before=$(node_status | sed -n 's/.*"boot_id": *"\([^"]*\)".*/\1/p')
curl -fsS -X POST "$FAMS_SIM_ADMIN_URL/nodes/salesrac2/actions/rollback-kernel" >/dev/null
# The node power-cycles: wait for it to be up with a new boot id.
for _ in $(seq 1 300); do
  st=$(node_status)
  if echo "$st" | grep -q '"up": *true' && ! echo "$st" | grep -q "\"boot_id\": *\"$boot_before\""; then
    break
  fi
  sleep 0.1
done

say "terraform plan: the drift shows as an in-place update that patches salesrac2 again"
set +e
terraform plan -input=false -no-color -detailed-exitcode -out=drift.tfplan
status=$?
set -e
[ "$status" -eq 2 ] || { echo "expected a plan with changes (exit 2), got $status"; exit 1; }

say "terraform apply: salesrac2 patched again"
terraform apply -input=false -no-color drift.tfplan

say "terraform plan: in sync again"
terraform plan -input=false -no-color -detailed-exitcode

say "done; the simulator stops now"
