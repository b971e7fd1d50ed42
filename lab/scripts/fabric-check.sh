#!/usr/bin/env bash
# End-to-end check of the fabric: a controller and three hosts (decision 0680); the lab test
# ControllerLabTest runs it. Brings up the multi-host lab with the controller and managed agents,
# deploys examples/webfarm through the REST API (fabric deploy --wait), then checks with real TCP from
# fabric-ext: each instance serves on its declared port only; a web instance reaches the worker's
# internal endpoint on another host and nothing else; the agent and API ports give a client without a
# certificate nothing. Then the failures: the host of WebRole.1 loses power (measured: until the
# controller calls it down, and until the instance serves again elsewhere); that host comes back and
# removes its old copy; the host of the worker is partitioned from the controller and the other hosts:
# it fences, the controller moves its instances, and the old copy stops before the new one answers;
# heal; a controller restart keeps every deployment and restarts no guest; a controller outage longer
# than the lease stops no instance; delete leaves no domain. Tears everything down at the end, also on
# failure (FABRIC_HOSTS_KEEP=1 keeps it up). Exit 0 when every check holds, 1 if one fails; one
# "check:" line per assertion and a "check: timings:" line.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
source "$here/check-common.sh"
need_root
[[ -f $LAB_IMAGE_DIR/SHA256SUMS ]] || die "no guest image in $LAB_IMAGE_DIR; run ./lab.sh image first"
t0=$(date +%s%N)
API=$(ctl_api)

cleanup() {
  if [[ ${FABRIC_HOSTS_KEEP:-} == 1 ]]; then say "check: leaving the lab up (FABRIC_HOSTS_KEEP=1)"; else "$here/hosts-down.sh"; fi
}
trap cleanup EXIT

status() { ctl_fabric status $API 2>/dev/null || true; }
# INSTANCE -> "HOST ADDRESS" as the controller has it
where() { status | awk -v i="$1" '$2 == i { print $3, $4 }'; }
body_of() { echo "fabric lab guest $1 port 8080"; }     # what a web instance answers
answers() { [[ $(get "$EXT_NS" "http://$1:8080/" 1) == "$(body_of "$2")" ]]; }   # ADDRESS INSTANCE
domains_of() { host_virsh "$1" list --all --name 2>/dev/null | sed '/^$/d' | tr '\n' ' '; }
domid() { host_virsh "$1" domid "$2" 2>/dev/null | sed '/^$/d' || true; }
log_time_ms() { # PATTERN: epoch ms of the first controller log line matching it after the given epoch ms
  awk -v p="$1" 'index($0, p) { print $1; exit }' "$CTL_RUN/controller.log" | { read -r t || exit 0; date -d "$t" +%s%3N; }
}

# --- the fabric ----------------------------------------------------------------------------------------
"$here/hosts-up.sh"
"$here/ctl-up.sh"
for h in "${HOSTS[@]}"; do "$here/host-agent-up.sh" "$h" --managed; done
t_up=$(ms_since "$t0")
for _ in $(seq 1 60); do [[ $(ctl_fabric hosts $API 2>/dev/null | grep -c ' up ') == 3 ]] && break; sleep 1; done
[[ $(ctl_fabric hosts $API | grep -c ' up ') == 3 ]] && ok "fabric hosts: all 3 hosts up" || bad "fabric hosts: $(ctl_fabric hosts $API)"

s=$(date +%s%N)
if ctl_fabric deploy "$REPO_ROOT/examples/webfarm/ServiceDefinition.csdef" --config "$REPO_ROOT/examples/webfarm/ServiceConfiguration.cscfg" \
     $API --wait --timeout 300s > "$CTL_RUN/deploy.log" 2>&1; then
  t_deploy=$(ms_since "$s"); ok "fabric deploy webfarm --wait: every instance running and serving after $t_deploy ms"
else
  t_deploy=-; bad "fabric deploy webfarm --wait failed: $(cat "$CTL_RUN/deploy.log")"
fi
read -r web0_host web0 <<<"$(where webfarm.WebRole.0)"
read -r web1_host web1 <<<"$(where webfarm.WebRole.1)"
read -r work_host work <<<"$(where webfarm.WorkerRole.0)"
hosts_used=$(printf '%s\n' "$web0_host" "$web1_host" "$work_host" | sort -u | wc -l)
[[ $hosts_used == 3 ]] && ok "placement: one instance per fault domain ($web0_host, $web1_host, $work_host)" \
  || bad "placement: instances on $web0_host, $web1_host, $work_host"
json=$(ctl_fabric status $API --json)
[[ $json == *'"schema"'* && $json == *'"host"'* && $json == *'"webfarm.WorkerRole.0"'* ]] && ok "fabric status --json: schema, hosts, instances" \
  || bad "fabric status --json: $json"

# --- isolation, across hosts ---------------------------------------------------------------------------
expect_body "outside -> WebRole.0 $web0:8080 on $web0_host" "$EXT_NS" "http://$web0:8080/" "$(body_of webfarm.WebRole.0)"
expect_body "outside -> WebRole.1 $web1:8080 on $web1_host" "$EXT_NS" "http://$web1:8080/" "$(body_of webfarm.WebRole.1)"
expect_silence "outside -> WebRole.0's undeclared port 22" "$EXT_NS" "http://$web0:22/"
expect_silence "outside -> the worker's internal endpoint $work:9000" "$EXT_NS" "http://$work:9000/"
expect_body "WebRole.0 on $web0_host -> worker on $work_host internal endpoint 9000 (a peer on another host)" "$EXT_NS" \
  "http://$web0:8080/cgi-bin/connect?$work:9000" "open $work 9000"
expect_body "WebRole.0 -> worker's undeclared port 3306" "$EXT_NS" "http://$web0:8080/cgi-bin/connect?$work:3306" "closed $work 3306"
expect_body "public port 80 of $web1_host" "$EXT_NS" "http://$(host_addr "$web1_host"):80/" "$(body_of webfarm.WebRole.1)"
for port in "$CTL_AGENT_PORT" "$CTL_API_PORT"; do
  out=$(echo "GET / HTTP/1.0" | timeout 20 ip netns exec "$EXT_NS" openssl s_client -connect "$CTL_ADDR:$port" -quiet 2>&1 || true)
  [[ $out != *"HTTP/1"* && $out != *"Welcome"* ]] && ok "openssl s_client without a certificate -> controller port $port: nothing (${out:0:60}...)" \
    || bad "openssl s_client without a certificate -> port $port got: $out"
done

# --- fabric verify through the controller (0690) ----------------------------------------------------------
# Every instance, scanned over all TCP ports from fabric-ext by the CLI and from a probe on its own host's
# instance bridge by that host's agent (asked by the controller). Exit 0 = exactly the declared ports.
s=$(date +%s%N)
if timeout 600 ip netns exec "$CTL_NS" "$REPO_ROOT/fabric" verify webfarm --from "$EXT_NS" $API \
     > "$CTL_RUN/verify.txt" 2> "$CTL_RUN/verify.err"; then
  t_verify=$(ms_since "$s"); ok "fabric verify webfarm --from $EXT_NS through the controller: exit 0 after $t_verify ms"
else
  rc=$?; t_verify=-; bad "fabric verify webfarm --from $EXT_NS: exit $rc: $(cat "$CTL_RUN/verify.txt" "$CTL_RUN/verify.err")"
fi
# INSTANCE HOST ADDRESS DECLARED OUTSIDE BRIDGE VERDICT: 8080 on the web instances from both sides, nothing on the worker
rows=$(grep -E '^webfarm\.' "$CTL_RUN/verify.txt" | tr -s ' ' || true)
web_rows=$(grep -cE '^webfarm\.WebRole\.[01] [^ ]+ [0-9.]+ 8080 8080 8080 ok$' <<<"$rows" || true)
worker_rows=$(grep -cE '^webfarm\.WorkerRole\.0 [^ ]+ [0-9.]+ - - - ok$' <<<"$rows" || true)
if [[ $web_rows == 2 && $worker_rows == 1 ]] && grep -q '^result: ok: ' "$CTL_RUN/verify.txt" \
     && [[ $(grep -cE '^  host [^ ]+: bridge probe ' "$CTL_RUN/verify.txt") == 3 ]]; then
  ok "fabric verify report: WebRole.0/1 reach 8080 only, the worker nothing, from outside and from each of the 3 hosts' bridges"
else
  bad "fabric verify report: $(cat "$CTL_RUN/verify.txt")"
fi

# --- power loss of WebRole.1's host ----------------------------------------------------------------------
failed=$web1_host
s=$(date +%s%N); s_ms=$(( s / 1000000 ))
"$here/host-fail.sh" "$failed"
# The controller logs "reincarnated INSTANCE on HOST at ADDRESS": read it there (a `fabric status` per
# poll costs a JVM start, which would blur the figure), then poll the new address every 0.1 s.
t_moved=-; new1=""; new1_host=""
for _ in $(seq 1 600); do
  line=$(grep -F "reincarnated webfarm.WebRole.1 on " "$CTL_RUN/controller.log" | tail -1 || true)
  if [[ -n $line ]]; then
    new1_host=$(sed -E 's/.* on ([^ ]+) at ([0-9.]+) .*/\1/' <<<"$line"); new1=$(sed -E 's/.* on ([^ ]+) at ([0-9.]+) .*/\2/' <<<"$line")
    t_moved=$(( $(date -d "$(cut -d' ' -f1 <<<"$line")" +%s%3N) - s_ms ))
    break
  fi
  sleep 0.1
done
t_detect=-
down_ms=$(log_time_ms "$failed: SUSPECT -> DOWN")
[[ -n $down_ms ]] && t_detect=$(( down_ms - s_ms ))
t_serve=-
for _ in $(seq 1 1200); do answers "$new1" webfarm.WebRole.1 && { t_serve=$(ms_since "$s"); break; }; sleep 0.1; done
[[ $(where webfarm.WebRole.1) == "$new1_host $new1" ]] && ok "fail $failed: fabric status shows WebRole.1 on $new1_host at $new1" \
  || bad "fail $failed: fabric status shows WebRole.1 at $(where webfarm.WebRole.1), the log said $new1_host $new1"
[[ $t_moved != - ]] && ok "fail $failed: the controller called it down after $t_detect ms and placed WebRole.1 again on $new1_host at $new1 after $t_moved ms" \
  || bad "fail $failed: WebRole.1 not placed again within 60 s"
[[ $t_serve != - ]] && ok "fail $failed: WebRole.1 serves again at $new1 after $t_serve ms" || bad "fail $failed: WebRole.1 does not serve again within 120 s"
expect_silence "after fail: the old WebRole.1 $web1" "$EXT_NS" "http://$web1:8080/"
expect_body "after fail: WebRole.0 unaffected" "$EXT_NS" "http://$web0:8080/" "$(body_of webfarm.WebRole.0)"

# --- the failed host comes back: it removes its old copy ---------------------------------------------------
"$here/host-daemons-up.sh" "$failed"
"$here/host-agent-up.sh" "$failed"
left="x"
for _ in $(seq 1 120); do left=$(domains_of "$failed"); [[ -z ${left// /} ]] && break; sleep 1; done
[[ -z ${left// /} ]] && ok "power-on $failed: it rejoined and removed its old copy of WebRole.1 (no domain left)" \
  || bad "power-on $failed: domains left: $left"
[[ $(ctl_fabric hosts $API | awk -v h="$failed" '$1 == h { print $4 }') == up ]] && ok "power-on $failed: up again" \
  || bad "power-on $failed: $(ctl_fabric hosts $API)"

# --- partition the worker's host from the controller and the other hosts -----------------------------------
cut=$work_host
read -r w_host w_addr <<<"$(where webfarm.WorkerRole.0)"
victims=$(status | awk -v h="$cut" '$3 == h { print $2 }' | tr '\n' ' ')
web_on_cut=$(status | awk -v h="$cut" '$3 == h && $2 ~ /WebRole/ { print $2, $4; exit }')
# Samplers in the background, every 0.2 s: when the cut host has no running domain any more, and when
# the old copy of its web instance stops answering from the outside (which still reaches the cut host).
samples=$CTL_RUN/partition
mkdir -p "$samples"; rm -f "$samples"/*
s=$(date +%s%N)
"$here/host-partition.sh" "$cut"
( for _ in $(seq 1 900); do
    [[ -z $(host_virsh "$cut" list --name 2>/dev/null | sed '/^$/d') ]] && { ms_since "$s" > "$samples/fenced"; break; }
    sleep 0.2
  done ) &
sampler_fence=$!
if [[ -n $web_on_cut ]]; then
  read -r wi wa <<<"$web_on_cut"
  ( for _ in $(seq 1 900); do answers "$wa" "$wi" || { ms_since "$s" > "$samples/old-off"; break; }; sleep 0.2; done ) &
  sampler_old=$!
fi
t_new_on=-; moved_to=""
probe=${wi:-webfarm.WorkerRole.0}
for _ in $(seq 1 120); do
  read -r nh na <<<"$(where "$probe")"
  if [[ -n $nh && $nh != "$cut" ]]; then moved_to="$nh $na"; break; fi
  sleep 0.5
done
if [[ -n $moved_to && -n $web_on_cut ]]; then
  for _ in $(seq 1 900); do answers "${moved_to#* }" "$wi" && { t_new_on=$(ms_since "$s"); break; }; sleep 0.1; done
elif [[ -n $moved_to ]]; then
  t_new_on=$(ms_since "$s")
fi
wait "$sampler_fence" || true
[[ -n ${sampler_old:-} ]] && { wait "$sampler_old" || true; }
t_fenced=$(cat "$samples/fenced" 2>/dev/null || echo -)
t_old_off=$(cat "$samples/old-off" 2>/dev/null || echo -)
[[ $t_fenced != - ]] && ok "partition $cut: it fenced itself: no running domain after $t_fenced ms (had: $victims)" \
  || bad "partition $cut: its domains still run: $(host_virsh "$cut" list --name)"
grep -q "FENCED" "$(host_run "$cut")/agent.log" && ok "partition $cut: its agent says FENCED: $(grep -m1 FENCED "$(host_run "$cut")/agent.log" | cut -c1-160)" \
  || bad "partition $cut: no FENCED line in its agent's log"
if [[ -n $web_on_cut ]]; then
  if [[ $t_old_off != - && $t_new_on != - ]] && (( t_old_off <= t_new_on )); then
    ok "partition $cut: the old copy stopped answering at $t_old_off ms, before the new one on ${moved_to% *} answered at $t_new_on ms: never twice"
  else
    bad "partition $cut: old copy off at $t_old_off ms, new copy on at $t_new_on ms"
  fi
fi
read -r nw nwa <<<"$(where webfarm.WorkerRole.0)"
[[ -n $nw && $nw != "$cut" ]] && ok "partition $cut: the worker was placed again on $nw at $nwa" || bad "partition $cut: the worker is still on ${nw:-?}"

# --- heal: the host rejoins and removes what moved away -------------------------------------------------------
"$here/host-heal.sh" "$cut"
left="x"
for _ in $(seq 1 120); do left=$(domains_of "$cut"); [[ -z ${left// /} ]] && break; sleep 1; done
[[ -z ${left// /} ]] && ok "heal $cut: it rejoined and removed its fenced copies" || bad "heal $cut: domains left: $left"

# --- controller restart: nothing lost, no guest restarted -------------------------------------------------------
declare -A ids
for h in "${HOSTS[@]}"; do for d in $(host_virsh "$h" list --name | sed '/^$/d'); do ids[$h/$d]=$(domid "$h" "$d"); done; done
before=$(status | awk 'NR > 1 { print $2, $3, $4 }' | sort)
"$here/ctl-down.sh"; "$here/ctl-up.sh"
for _ in $(seq 1 60); do [[ $(ctl_fabric hosts $API 2>/dev/null | grep -c ' up ') == 3 ]] && break; sleep 1; done
after=$(status | awk 'NR > 1 { print $2, $3, $4 }' | sort)
[[ -n $before && $before == "$after" ]] && ok "controller restart: the same instances on the same hosts and addresses" \
  || bad "controller restart: before [$before] after [$after]"
same=1
for k in "${!ids[@]}"; do [[ $(domid "${k%%/*}" "${k#*/}") == "${ids[$k]}" ]] || same=0; done
(( same == 1 && ${#ids[@]} == 3 )) && ok "controller restart: no guest restarted (${#ids[@]} domain ids unchanged)" || bad "controller restart: domain ids changed"

# --- a controller outage longer than the lease stops nothing ------------------------------------------------------
fenced_before=$(cat "$HOSTS_RUN"/*/agent.log 2>/dev/null | grep -c FENCED || true)
"$here/ctl-down.sh"
sleep 10
serving=0
for i in webfarm.WebRole.0 webfarm.WebRole.1; do read -r _ a <<<"$(grep -F "$i" <<<"$after" | awk '{ print $2, $3 }')"; answers "$a" "$i" && serving=$((serving + 1)); done
running=0; for h in "${HOSTS[@]}"; do running=$(( running + $(host_virsh "$h" list --name | sed '/^$/d' | wc -l) )); done
(( serving == 2 && running == 3 )) && ok "controller down for 10 s (lease 3 s): all 3 instances still run, both web instances serve" \
  || bad "controller outage: $running domains running, $serving web instances serving"
fenced_after=$(cat "$HOSTS_RUN"/*/agent.log 2>/dev/null | grep -c FENCED || true)
[[ $fenced_after == "$fenced_before" ]] && ok "controller outage: no agent fenced (each still reaches a majority of hosts)" \
  || bad "controller outage: $(( fenced_after - fenced_before )) agent(s) fenced"
"$here/ctl-up.sh"

# --- delete -------------------------------------------------------------------------------------------------------
for _ in $(seq 1 60); do [[ $(ctl_fabric hosts $API 2>/dev/null | grep -c ' up ') == 3 ]] && break; sleep 1; done
ctl_fabric delete webfarm $API > /dev/null || bad "fabric delete webfarm failed"
left="x"
for _ in $(seq 1 60); do left=$(for h in "${HOSTS[@]}"; do domains_of "$h"; done); [[ -z ${left// /} ]] && break; sleep 1; done
[[ -z ${left// /} ]] && ok "fabric delete webfarm: no domain left on any host" || bad "fabric delete: domains left: $left"

printf 'check: timings: fabric up %s ms; deploy to serving %s ms; verify %s ms; power loss -> host down %s ms -> placed again %s ms -> serving again %s ms; partition -> fenced %s ms, old copy silent %s ms, new copy serving %s ms; total %s ms\n' \
  "$t_up" "$t_deploy" "$t_verify" "$t_detect" "$t_moved" "$t_serve" "$t_fenced" "$t_old_off" "$t_new_on" "$(ms_since "$t0")"
printf 'check: controller RSS %s KiB\n' "$(awk '/VmRSS/ { print $2 }' "/proc/$(cat "$CTL_RUN/controller.pid")/status" 2>/dev/null || echo -)"
check_result
