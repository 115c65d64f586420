"""PyTorch anchor for bench/two-tower.bench.ts: the DESIGN.md two-tower (1M-row item table, 50k users,
d=64, two 64x64 layers per tower, in-batch softmax with logQ, batch 512; sparse SGD on the tables, Adam
on the dense layers), trained on synthetic Zipf(0.8) pairs. Prints one JSON line: examples/s."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

items, users, dim, batch, steps, warmup, threads = (int(a) for a in sys.argv[1:8])
torch.set_num_threads(threads)
torch.manual_seed(1)

item_table = nn.Embedding(items, dim, sparse=True)
user_table = nn.Embedding(users, dim, sparse=True)
nn.init.normal_(item_table.weight, std=0.1)
nn.init.normal_(user_table.weight, std=0.1)


def tower():
    return nn.Sequential(nn.Linear(dim, 64), nn.ReLU(), nn.Linear(64, dim))


user_tower, item_tower = tower(), tower()
sparse_opt = torch.optim.SGD(list(item_table.parameters()) + list(user_table.parameters()), lr=0.05)
dense_opt = torch.optim.Adam(list(user_tower.parameters()) + list(item_tower.parameters()), lr=0.001)

zipf = 1.0 / torch.arange(1, items + 1, dtype=torch.float64) ** 0.8
probs = zipf / zipf.sum()
log_q = torch.log(-torch.expm1(batch * torch.log1p(-probs))).float()
labels = torch.arange(batch)


# ids drawn up front: multinomial over 1M categories per step would charge torch for O(items) sampling
all_u = torch.randint(0, users, (steps + warmup, batch))
all_i = torch.multinomial(probs, (steps + warmup) * batch, replacement=True).view(steps + warmup, batch)


def step(s):
    u = all_u[s]
    i = all_i[s]
    uv = F.normalize(user_tower(user_table(u)), dim=1)
    iv = F.normalize(item_tower(item_table(i)), dim=1)
    logits = uv @ iv.T / 0.05 - log_q[i][None, :]
    loss = F.cross_entropy(logits, labels)
    sparse_opt.zero_grad()
    dense_opt.zero_grad()
    loss.backward()
    sparse_opt.step()
    dense_opt.step()
    return loss.item()


for s in range(warmup):
    step(s)
start = time.perf_counter()
for s in range(warmup, warmup + steps):
    last = step(s)
elapsed = time.perf_counter() - start
print(json.dumps({"examples_per_second": steps * batch / elapsed, "threads": threads, "torch": torch.__version__, "last_loss": last}))
