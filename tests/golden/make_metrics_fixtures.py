"""Independent reference for Keel's return metrics (reference-definitions.md Part 2, empyrical's
conventions), written from the definitions with numpy only. Writes tests/golden/metrics-empyrical.json.

Run: /usr/bin/python3 tests/golden/make_metrics_fixtures.py
"""
import json
import math

import numpy as np

FACTORS = {"daily": 252, "weekly": 52, "monthly": 12}


def annual_return(r, factor):
    return np.nanprod(1 + r) ** (factor / len(r)) - 1


def max_drawdown(r):
    w = 100 * np.cumprod(1 + np.nan_to_num(r))
    peak = np.maximum.accumulate(np.concatenate([[100.0], w]))[1:]
    return float(np.min((w - peak) / peak))


def max_drawdown_duration(r):
    w = 100 * np.cumprod(1 + np.nan_to_num(r))
    peak = np.maximum.accumulate(np.concatenate([[100.0], w]))[1:]
    under = w < peak
    longest = run = 0
    for u in under:
        run = run + 1 if u else 0
        longest = max(longest, run)
    return longest


def metrics(r, factor, rf, f=None):
    x = r - rf
    down = np.minimum(r - rf, 0) ** 2
    downside = math.sqrt(np.nanmean(np.where(np.isnan(r), np.nan, down))) * math.sqrt(factor)
    clean = r[~np.isnan(r)]
    mdd = max_drawdown(r)
    thr = (1 + 0.0) ** (1 / factor) - 1
    ox = r - rf - thr
    k = int(math.floor((len(clean) - 1) * 0.05))
    y = np.cumsum(np.log1p(clean))
    t = np.arange(len(y))
    corr = np.corrcoef(t, y)[0, 1]
    out = {
        "cum_returns_final": float(np.nanprod(1 + r) - 1),
        "annual_return": float(annual_return(r, factor)),
        "annual_volatility": float(np.nanstd(r, ddof=1) * math.sqrt(factor)),
        "sharpe_ratio": float(np.nanmean(x) / np.nanstd(x, ddof=1) * math.sqrt(factor)),
        "sortino_ratio": float(np.nanmean(x) * factor / downside),
        "downside_risk": float(downside),
        "calmar_ratio": float(annual_return(r, factor) / abs(mdd)) if mdd < 0 else None,
        "omega_ratio": float(np.nansum(np.where(ox > 0, ox, 0)) / -np.nansum(np.where(ox < 0, ox, 0))),
        "max_drawdown": mdd,
        "max_drawdown_duration": max_drawdown_duration(r),
        "value_at_risk": float(np.percentile(clean, 5)),
        "conditional_value_at_risk": float(np.mean(np.sort(clean)[: k + 1])),
        "tail_ratio": float(abs(np.percentile(clean, 95)) / abs(np.percentile(clean, 5))),
        "stability_of_timeseries": float(corr * corr),
    }
    if f is not None:
        rows = ~np.isnan(r) & ~np.isnan(f)
        fr, rr = f[rows], r[rows]
        fc = fr - fr.mean()
        b = float(np.mean(fc * rr) / np.mean(fc * fc))
        active = r - f
        up, dn = f > 0, f < 0
        cap = lambda a, c: annual_return(a, factor) / annual_return(c, factor)
        out.update(
            {
                "alpha": float((1 + np.nanmean((r - rf) - b * (f - rf))) ** factor - 1),
                "beta": b,
                "excess_sharpe": float(np.nanmean(active) / np.nanstd(active, ddof=1)),
                "tracking_error": float(np.nanstd(active, ddof=1) * math.sqrt(factor)),
                "information_ratio": float(np.nanmean(active) * factor / (np.nanstd(active, ddof=1) * math.sqrt(factor))),
                "capture": float(cap(r, f)),
                "up_capture": float(cap(r[up], f[up])),
                "down_capture": float(cap(r[dn], f[dn])),
                "up_down_capture": float(cap(r[up], f[up]) / cap(r[dn], f[dn])),
            }
        )
    return out


def case(name, period, rf, r, f=None):
    return {
        "name": name,
        "period": period,
        "riskFree": rf,
        "returns": [None if math.isnan(v) else v for v in r.tolist()],
        "benchmark": None if f is None else f.tolist(),
        "expected": metrics(r, FACTORS[period], rf, f),
    }


rng = np.random.default_rng(20261125)
bench = rng.normal(0.0004, 0.011, 600)
daily = 0.0001 + 0.9 * bench + rng.normal(0, 0.006, 600)
daily_nan = daily.copy()
daily_nan[[0, 17, 250]] = np.nan
monthly_bench = rng.normal(0.006, 0.04, 120)
monthly = 0.001 + 1.1 * monthly_bench + rng.normal(0, 0.02, 120)
weekly = rng.normal(0.001, 0.02, 260)
crash = np.concatenate([rng.normal(0.0005, 0.01, 100), [-0.2, -0.05], rng.normal(0.001, 0.01, 60)])

cases = [
    case("daily with benchmark", "daily", 0.0, daily, bench),
    case("daily with NaNs and risk-free", "daily", 0.00008, daily_nan, bench),
    case("monthly with benchmark", "monthly", 0.001, monthly, monthly_bench),
    case("weekly", "weekly", 0.0, weekly),
    case("daily crash and recovery", "daily", 0.0, crash),
]
with open("tests/golden/metrics-empyrical.json", "w") as out:
    json.dump({"source": "tests/golden/make_metrics_fixtures.py (numpy, from reference-definitions.md Part 2)", "cases": cases}, out, indent=1)
print(len(cases), "cases")
