"""Independent reference for Keel's backtest engine (docs/backtest.md conventions), written with
numpy only from the stated rules, not from Keel's code. Writes tests/golden/backtest-reference.json.

Run: /usr/bin/python3 tests/golden/make_backtest_fixtures.py
"""
import csv
import json

import numpy as np

with open("tests/golden/data/stock_prices.csv") as f:
    rows = list(csv.reader(f))
assets = rows[0][1:]
dates = [r[0] for r in rows[1:]]
prices = np.array([[float(x) if x else np.nan for x in r[1:]] for r in rows[1:]])
# Carry the last close forward over gaps.
for t in range(1, len(dates)):
    gap = np.isnan(prices[t])
    prices[t, gap] = prices[t - 1, gap]


def period_key(date, every):
    y, m, _ = (int(x) for x in date.split("-"))
    if every == "year":
        return (y,)
    if every == "quarter":
        return (y, (m - 1) // 3)
    if every == "month":
        return (y, m)
    raise ValueError(every)


def cost_of(value, holdings, w, bps):
    c = 0.0
    for _ in range(100):
        nxt = bps * np.sum(np.abs(w * (value - c) - holdings)) / 1e4
        if abs(nxt - c) <= 1e-15 * max(1.0, value):
            return nxt
        c = nxt
    return c


def backtest(symbols, weights, start, end, rule, bps, execution, initial=10000.0):
    idx = [assets.index(s) for s in symbols]
    p = prices[:, idx]
    w = np.array(weights)
    s0 = dates.index(start)
    s1 = dates.index(end)
    shares = w * initial / p[s0]
    cash = initial - np.sum(shares * p[s0])
    equity = []
    pending = False
    costs = 0.0

    def rebalance(t):
        nonlocal shares, cash, costs
        value = cash + np.sum(shares * p[t])
        c = cost_of(value, shares * p[t], w, bps)
        new = w * (value - c) / p[t]
        cash -= np.sum((new - shares) * p[t]) + c
        costs += c
        shares = new

    for t in range(s0, s1 + 1):
        if t > s0 and pending:
            rebalance(t)
            pending = False
        value = cash + np.sum(shares * p[t])
        decide = s0 < t < s1 if execution == "next-close" else s0 < t <= s1
        if decide:
            if rule[0] == "every":
                go = period_key(dates[t], rule[1]) != period_key(dates[t - 1], rule[1])
            elif rule[0] == "bands":
                go = bool(np.any(np.abs(shares * p[t] / value - w) > rule[1] + 1e-12))
            else:
                go = False
            if go:
                if execution == "same-close":
                    rebalance(t)
                else:
                    pending = True
        equity.append(cash + np.sum(shares * p[t]))
    return {"finalValue": equity[-1], "costs": costs, "equity": equity}


cases = [
    {"name": "60/30/10 quarterly, 10 bps, next close", "symbols": ["AAPL", "GE", "WMT"], "weights": [0.6, 0.3, 0.1],
     "start": "2000-01-03", "end": "2010-12-31", "rule": ["every", "quarter"], "bps": 10, "execution": "next-close"},
    {"name": "40/40/15 monthly, 25 bps, same close, 5 % cash", "symbols": ["XOM", "PFE", "JPM"], "weights": [0.4, 0.4, 0.15],
     "start": "2005-01-03", "end": "2015-06-30", "rule": ["every", "month"], "bps": 25, "execution": "same-close"},
    {"name": "50/50 bands 5 %, 10 bps, next close", "symbols": ["AMD", "BAC"], "weights": [0.5, 0.5],
     "start": "2001-01-02", "end": "2012-12-31", "rule": ["bands", 0.05], "bps": 10, "execution": "next-close"},
    {"name": "buy and hold", "symbols": ["AAPL", "GE", "WMT"], "weights": [0.6, 0.3, 0.1],
     "start": "2000-01-03", "end": "2010-12-31", "rule": ["never"], "bps": 10, "execution": "next-close"},
]
for c in cases:
    c["expected"] = backtest(c["symbols"], c["weights"], c["start"], c["end"], c["rule"], c["bps"], c["execution"])
with open("tests/golden/backtest-reference.json", "w") as out:
    json.dump({"source": "tests/golden/make_backtest_fixtures.py (numpy)", "cases": cases}, out)
for c in cases:
    print(c["name"], c["expected"]["finalValue"], c["expected"]["costs"])
