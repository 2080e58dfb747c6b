# Sums PostgreSQL's logged statement durations (log_min_duration_statement = 0) by kind of statement.
# usage: pg_statement_sum.py LOGFILE [START_LINE]
import re, sys, collections
lines = open(sys.argv[1], errors='replace').read().splitlines()[int(sys.argv[2]) if len(sys.argv) > 2 else 0:]
pat = re.compile(r'duration: ([0-9.]+) ms\s+(parse|bind|execute|statement)[^:]*:\s*(.*)')
tot = collections.Counter(); cnt = collections.Counter()
for l in lines:
    m = pat.search(l)
    if not m: continue
    ms, phase, sql = float(m.group(1)), m.group(2), m.group(3)
    s = sql.strip().upper()
    if 'SYNC_ORIGIN_LOG' in s: k = 'append to sync_origin_log'
    elif 'SYNC_ORIGIN' in s: k = 'sync_origin'
    elif 'SYNC_CONFLICT' in s: k = 'sync_conflict'
    elif s.startswith('SELECT') and 'FOR NO KEY UPDATE' in s: k = 'look-up by uuid (locked)'
    elif s.startswith('SELECT'): k = 'other select'
    elif s.startswith('INSERT') or s.startswith('WITH'): k = 'insert rows'
    elif s.startswith('UPDATE'): k = 'update rows'
    elif s.startswith('COPY'): k = 'copy'
    else: k = s[:30]
    tot[k] += ms; cnt[k] += 1
all_ms = sum(tot.values())
for k, v in tot.most_common():
    print(f"{v/1000:8.2f} s {100*v/all_ms:5.1f}%  {cnt[k]:7d} x  {k}")
print(f"{all_ms/1000:8.2f} s total")
