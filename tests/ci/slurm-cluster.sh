#!/bin/sh
# slurm-cluster.sh: a throwaway one-node Slurm cluster on loopback, for CI.
#   . tests/ci/slurm-cluster.sh; slurm_start DIR; ...sbatch...; slurm_stop
# Starts munged (own key and socket), slurmctld and slurmd with a generated
# slurm.conf in DIR; exports SLURM_CONF.  Needs root (slurmd runs jobs as the
# submitting user) and the Debian packages slurm-wlm and munge.
slurm_start() {
    SLURM_DIR=$1
    mkdir -p "$SLURM_DIR/state" "$SLURM_DIR/spool" "$SLURM_DIR/log" "$SLURM_DIR/munge"
    chown munge "$SLURM_DIR/munge" 2>/dev/null || true
    chmod 700 "$SLURM_DIR/munge"
    dd if=/dev/urandom of="$SLURM_DIR/munge/munge.key" bs=1024 count=1 2>/dev/null
    chown munge "$SLURM_DIR/munge/munge.key" 2>/dev/null || true
    chmod 400 "$SLURM_DIR/munge/munge.key"
    sock="$SLURM_DIR/munge/munge.socket"
    munged --force --key-file="$SLURM_DIR/munge/munge.key" --socket="$sock" \
        --pid-file="$SLURM_DIR/munge/munged.pid" --log-file="$SLURM_DIR/log/munged.log" \
        --seed-file="$SLURM_DIR/munge/seed" || return 1
    node=$(hostname -s)
    cpus=$(nproc)
    mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 / 2 }' /proc/meminfo)
    port=${SLURM_PORT:-16817}
    cat > "$SLURM_DIR/slurm.conf" <<CONF
ClusterName=dyadci
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool/%n
SlurmctldPidFile=$SLURM_DIR/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/slurmd.pid
SlurmctldLogFile=$SLURM_DIR/log/slurmctld.log
SlurmdLogFile=$SLURM_DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
DefMemPerCPU=1024
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
LaunchParameters=use_interactive_step
MinJobAge=600
InactiveLimit=0
KillWait=5
SlurmdTimeout=60
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$SLURM_DIR/slurm.conf"
    slurmctld -f "$SLURM_CONF" || return 1
    slurmd -f "$SLURM_CONF" -N "$node" || return 1
    i=0
    while [ $i -lt 60 ]; do
        if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then return 0; fi
        sleep 1; i=$((i + 1))
    done
    echo "slurm-cluster: node did not come up"; sinfo 2>&1; tail -20 "$SLURM_DIR/log/slurmctld.log" "$SLURM_DIR/log/slurmd.log"
    return 1
}

slurm_stop() {
    [ -n "$SLURM_DIR" ] || return 0
    for f in slurmd.pid slurmctld.pid munge/munged.pid; do
        [ -f "$SLURM_DIR/$f" ] && kill "$(cat "$SLURM_DIR/$f")" 2>/dev/null
    done
    sleep 1
    for f in slurmd.pid slurmctld.pid munge/munged.pid; do
        [ -f "$SLURM_DIR/$f" ] && kill -9 "$(cat "$SLURM_DIR/$f")" 2>/dev/null
    done
    return 0
}
