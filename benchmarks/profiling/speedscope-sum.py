# Sums inclusive time per frame name in a speedscope file (dotnet-trace convert --format speedscope).
# usage: speedscope_sum.py FILE ROOT_SUBSTRING [PATTERN ...]
# For every thread profile, time under the first frame whose name contains ROOT_SUBSTRING is the total;
# for each PATTERN, the inclusive time of frames matching it (outermost only) under that root.
import json, sys
f, root, pats = sys.argv[1], sys.argv[2], sys.argv[3:]
d = json.load(open(f))
frames = [fr['name'] for fr in d['shared']['frames']]
tot_root = 0.0; tot = {p: 0.0 for p in pats}
for prof in d['profiles']:
    stack = []  # (frame, t0)
    open_root = None; open_pat = {}
    for ev in prof['events']:
        name = frames[ev['frame']]; t = ev['at']
        if ev['type'] == 'O':
            stack.append(ev['frame'])
            if open_root is None and root in name:
                open_root = (len(stack), t)
            if open_root is not None:
                for p in pats:
                    if p not in open_pat and p in name:
                        open_pat[p] = (len(stack), t)
        else:
            depth = len(stack)
            for p, (dp, t0) in list(open_pat.items()):
                if dp == depth:
                    tot[p] += t - t0; del open_pat[p]
            if open_root is not None and open_root[0] == depth:
                tot_root += t - open_root[1]; open_root = None
            stack.pop()
unit = d['profiles'][0].get('unit', 'ms')
print(f"root {root}: {tot_root:.0f} {unit}")
for p in pats:
    print(f"{tot[p]:10.0f} {unit} {100*tot[p]/max(tot_root,1):5.1f}%  {p}")
