#!/usr/bin/env python3
"""Samples, every few seconds, where the CPU goes during a load run and what the gateway reports.

    python3 load-tests/sample.py [--port 18080] [--seconds 300] [--every 5] [--out /tmp/sb-load/samples.csv]
                                 [--pg-data /tmp/sb-load/data/postgres]

Columns: elapsed s, CPU % (100 = one core) of the gateway JVM, of its embedded PostgreSQL processes, of the Gatling
JVM, of everything else on the machine (other sessions' builds skew results), machine-wide idle %, open visitor sockets, visitor messages/s, SQL pool in use / waiting, gateway heap used MB,
GC pause seconds in the interval, and the gateway's busiest thread with its CPU %. Stops by itself after --seconds (or when the gateway is gone).
"""
import argparse, os, re, sys, time, urllib.request

HZ = os.sysconf("SC_CLK_TCK")

def pids():
    out = {"gateway": [], "postgres": [], "gatling": []}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            cmd = open(f"/proc/{p}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "switchboard.jar" in cmd and "java" in cmd:
            out["gateway"].append(p)
        elif "io.gatling" in cmd and "java" in cmd and "plexus-classworlds" not in cmd:
            out["gatling"].append(p)
        elif re.search(r"(^|/)postgres( |:)", cmd) or cmd.startswith("postgres:"):
            out["postgres"].append(p)
    # only the gateway's own embedded PostgreSQL (its postmaster runs on our data dir; backends are its children)
    def ppid(p):
        try:
            return open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1]
        except OSError:
            return None
    masters = [p for p in out["postgres"] if PG_DATA in cmdline(p)]
    out["postgres"] = [p for p in out["postgres"] if p in masters or ppid(p) in masters]
    return out

def cmdline(p):
    try:
        return open(f"/proc/{p}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""

PG_DATA = "/tmp/sb-load/data/postgres"

def ticks(pid_list):
    total = 0
    for p in pid_list:
        try:
            f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12])  # utime + stime
        except OSError:
            pass
    return total

def threads(pid_list):
    """Ticks per thread (name) of the given processes."""
    out = {}
    for p in pid_list:
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                raw = open(f"/proc/{p}/task/{t}/stat").read()
                name = raw[raw.index("(") + 1:raw.rindex(")")]
                f = raw.rsplit(")", 1)[1].split()
                out[f"{name}#{t}"] = int(f[11]) + int(f[12])
            except (OSError, ValueError):
                pass
    return out

def machine():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(f), f[3] + f[4]

def metrics(port):
    try:
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=4).read().decode()
    except Exception:
        return None
    m = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for key, pat in {
            "open": r'^switchboard_connections_open\{role="visitor"\} (\S+)',
            "msgs": r'^switchboard_messages_received_total\{role="visitor"\} (\S+)',
            "pool_in_use": r'^vertx_pool_in_use\{pool_name="__vertx.DEFAULT",pool_type="sql"\} (\S+)',
            "pool_pending": r'^vertx_pool_queue_pending\{pool_name="__vertx.DEFAULT",pool_type="sql"\} (\S+)',
            "gc_sum": r'^jvm_gc_pause_seconds_sum\{[^}]*\} (\S+)',
            "heap": r'^jvm_memory_used_bytes\{area="heap"[^}]*\} (\S+)',
        }.items():
            mm = re.match(pat, line)
            if mm:
                v = float(mm.group(1))
                m[key] = m.get(key, 0.0) + v if key in ("gc_sum", "heap") else v
    return m

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=18080)
    ap.add_argument("--seconds", type=int, default=300)
    ap.add_argument("--every", type=float, default=5)
    ap.add_argument("--out", default="/tmp/sb-load/samples.csv")
    ap.add_argument("--pg-data", default=PG_DATA, help="data dir of the gateway's embedded PostgreSQL")
    a = ap.parse_args()
    globals()["PG_DATA"] = a.pg_data
    out = open(a.out, "w")
    header = "t,gateway_cpu,postgres_cpu,gatling_cpu,other_cpu,idle_pct,open,msgs_per_s,pool_in_use,pool_pending,heap_mb,gc_s,hot_thread,hot_cpu"
    print(header); out.write(header + "\n")
    start = time.time()
    p = pids()
    prev = {k: ticks(v) for k, v in p.items()}
    prev_threads = threads(p["gateway"])
    prev_m, prev_t = machine(), time.time()
    prev_metrics = metrics(a.port) or {}
    while time.time() - start < a.seconds:
        time.sleep(a.every)
        p = pids()  # gatling / postgres backends come and go
        now = time.time(); dt = now - prev_t
        cur = {k: ticks(v) for k, v in p.items()}
        cpu = {k: max(0.0, (cur[k] - prev[k]) / HZ / dt * 100) for k in cur}
        cur_threads = threads(p["gateway"])
        hot = max(cur_threads, key=lambda k: cur_threads[k] - prev_threads.get(k, 0), default="-#0")
        hot_cpu = (cur_threads.get(hot, 0) - prev_threads.get(hot, 0)) / HZ / dt * 100
        prev_threads = cur_threads
        m = machine(); idle = 100.0 * (m[1] - prev_m[1]) / max(1, m[0] - prev_m[0])
        other = max(0.0, (100 - idle) * os.cpu_count() - cpu["gateway"] - cpu["postgres"] - cpu["gatling"])
        if not p["gateway"]:
            print("gateway gone; stopping"); break
        met = metrics(a.port)
        if met is None:  # /metrics too slow under overload: keep the CPU figures, reuse the last counters
            met = dict(prev_metrics)
        rate = (met.get("msgs", 0) - prev_metrics.get("msgs", 0)) / dt
        gc = met.get("gc_sum", 0) - prev_metrics.get("gc_sum", 0)
        row = (f"{now - start:.0f},{cpu['gateway']:.0f},{cpu['postgres']:.0f},{cpu['gatling']:.0f},{other:.0f},{idle:.0f},"
               f"{met.get('open', 0):.0f},{rate:.0f},{met.get('pool_in_use', 0):.0f},{met.get('pool_pending', 0):.0f},"
               f"{met.get('heap', 0) / 1e6:.0f},{gc:.2f},{hot.split('#')[0]},{hot_cpu:.0f}")
        print(row, flush=True); out.write(row + "\n"); out.flush()
        prev, prev_m, prev_t, prev_metrics = cur, m, now, met

if __name__ == "__main__":
    main()
