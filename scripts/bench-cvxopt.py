#!/usr/bin/python3
"""cvxopt's time on the long-only minimum-variance family of stack-notes.md, with the very same
matrices Keel's benchmark builds (mulberry32 + Box-Muller, see src/lib/core/solver/test-problems.ts).
Prints one JSON line per n: {"n", "ms", "objective"}. Usage: bench-cvxopt.py 50 500 1000"""
import json
import math
import sys
import time

import numpy as np
from cvxopt import matrix, solvers

solvers.options["show_progress"] = False


def mulberry32(seed):
    state = [seed & 0xFFFFFFFF]

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def next_value():
        state[0] = (state[0] + 0x6D2B79F5) & 0xFFFFFFFF
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_value


def normals(count, seed):
    uniform = mulberry32(seed)
    out = np.empty(count)
    for i in range(0, count, 2):
        u1 = 1 - uniform()
        u2 = uniform()
        radius = math.sqrt(-2 * math.log(u1))
        out[i] = radius * math.cos(2 * math.pi * u2)
        if i + 1 < count:
            out[i + 1] = radius * math.sin(2 * math.pi * u2)
    return out


def covariance(n, seed=1):
    b = normals(n * n, seed).reshape(n, n) * 0.2 / math.sqrt(n)
    s = b @ b.T
    s[np.diag_indices(n)] += 0.0004 + (0.002 * np.arange(n) / (n - 1) if n > 1 else 0)
    return s


for n in map(int, sys.argv[1:]):
    S = covariance(n)
    args = (matrix(2 * S), matrix(np.zeros(n)), matrix(-np.eye(n)), matrix(np.zeros(n)), matrix(np.ones((1, n))), matrix(1.0))
    solvers.qp(*args)  # warm-up
    times = []
    for _ in range(51 if n <= 200 else 11 if n <= 500 else 9):
        started = time.perf_counter()
        sol = solvers.qp(*args)
        times.append((time.perf_counter() - started) * 1000)
    w = np.array(sol["x"]).ravel()
    print(json.dumps({"n": n, "ms": sorted(times)[len(times) // 2], "objective": float(w @ S @ w)}))
