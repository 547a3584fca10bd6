#!/usr/bin/env python3
"""Run a command and report its peak memory, split by kind.

    peak_mem.py OUT.json -- command args...

Writes OUT.json with
- peak_rss_kb: the kernel's maximum resident set size of the process (wait4's
  ru_maxrss, what GNU time -v reports);
- peak_anon_kb / peak_file_kb: the largest RssAnon (heap, stacks: memory the
  process allocated) and RssFile (pages of the executable and libraries mapped
  from the page cache; clean, shared and reclaimable) seen in /proc/PID/status,
  summed over the process and its descendants (datatrove forks a helper),
  sampled every 50 ms, so a spike shorter than that can be missed;
- peak_tree_rss_kb: the largest sum of both over the process tree;
- user_s, sys_s, wall_s.
With PEAK_MEM_TRACE=FILE in the environment, every sample that raises a
peak (or every 2 s) is also written to FILE as `unix_time anon_kb file_kb`,
to line memory up with a log's timestamps (which phase holds the peak).
The command's exit status is passed on.
"""
import json
import os
import subprocess
import sys
import time


def status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("RssAnon", "RssFile", "RssShmem"):
                    out[k] = int(v.split()[0])
    except OSError:
        pass
    return out


def tree(pid):
    """pid and its descendants."""
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def main():
    out_path = sys.argv[1]
    assert sys.argv[2] == "--", "usage: peak_mem.py OUT.json -- command..."
    cmd = sys.argv[3:]
    t0 = time.time()
    p = subprocess.Popen(cmd)
    anon = file = both = 0
    trace = open(os.environ["PEAK_MEM_TRACE"], "w") if os.environ.get("PEAK_MEM_TRACE") else None
    last_trace = 0.0
    while True:
        ss = [status(q) for q in tree(p.pid)]
        a = sum(s.get("RssAnon", 0) for s in ss)
        f = sum(s.get("RssFile", 0) for s in ss)
        if trace and (a > anon or time.time() - last_trace >= 2):
            last_trace = time.time()
            trace.write(f"{last_trace:.2f} {a} {f}\n")
            trace.flush()
        anon, file, both = max(anon, a), max(file, f), max(both, a + f)
        done, rc, ru = 0, None, None
        try:
            done, st, ru = os.wait4(p.pid, os.WNOHANG)
        except ChildProcessError:
            break
        if done:
            rc = os.waitstatus_to_exitcode(st)
            break
        time.sleep(0.05)
    res = {
        "cmd": cmd,
        "rc": rc,
        "peak_rss_kb": ru.ru_maxrss if ru else None,
        "peak_anon_kb": anon,
        "peak_file_kb": file,
        "peak_tree_rss_kb": both,
        "user_s": ru.ru_utime if ru else None,
        "sys_s": ru.ru_stime if ru else None,
        "wall_s": round(time.time() - t0, 2),
    }
    with open(out_path, "w") as f:
        json.dump(res, f, indent=1)
    print(json.dumps({k: v for k, v in res.items() if k != "cmd"}), file=sys.stderr)
    sys.exit(rc if rc is not None else 1)


if __name__ == "__main__":
    main()
