#!/usr/bin/python3
"""Reference fixtures for Keel's estimators and optimizers.

An independent implementation of the conventions in ../shared/docs/reference-definitions.md
(PyPortfolioOpt's behaviour) on pandas, numpy, scikit-learn and cvxopt from Debian.
Run:  /usr/bin/python3 tests/golden/make_fixtures.py
Writes tests/golden/*.json; the tool versions go into each file.
"""
import gzip
import json
import os
import sys

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn import covariance as skcov

HERE = os.path.dirname(os.path.abspath(__file__))
FREQ = 252


def versions():
    import cvxopt

    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "scikit-learn": sklearn.__version__,
        "cvxopt": cvxopt.__version__,
    }


def read_prices(name):
    path = os.path.join(HERE, "data", name)
    if name.endswith(".gz"):
        with gzip.open(path, "rt") as f:
            return pd.read_csv(f, index_col=0, parse_dates=True)
    return pd.read_csv(path, index_col=0, parse_dates=True)


def returns_from_prices(prices, log=False):
    r = prices.pct_change(fill_method=None).dropna(how="all")
    return np.log(1 + r) if log else r


def is_psd(m):
    try:
        np.linalg.cholesky(m + 1e-16 * np.eye(len(m)))
        return True
    except np.linalg.LinAlgError:
        return False


def fix_psd(m):
    m = np.asarray(m)
    if is_psd(m):
        return m
    q, v = np.linalg.eigh(m)
    q = np.where(q > 0, q, 0)
    return v @ np.diag(q) @ v.T


def cagr(r):
    return ((1 + r).prod() ** (FREQ / r.count()) - 1).values


def ema_return(r, span=500):
    ema = r.ewm(span=span).mean().iloc[-1]
    return ((1 + ema) ** FREQ - 1).values


def capm(r, rf=0.0):
    mkt = r.mean(axis=1)
    joined = r.copy()
    joined["mkt"] = mkt
    cov = joined.cov()
    beta = (cov["mkt"] / cov.loc["mkt", "mkt"]).drop("mkt")
    mkt_ret = (1 + joined["mkt"]).prod() ** (FREQ / joined["mkt"].count()) - 1
    return (rf + beta * (mkt_ret - rf)).values


def semicov(r, benchmark):
    d = np.fmin(r - benchmark, 0)
    return fix_psd((d.T @ d).values / len(d) * FREQ)


def exp_cov(r, span=180):
    n = r.shape[1]
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            x, y = r.iloc[:, i], r.iloc[:, j]
            s = ((x - x.mean()) * (y - y.mean())).ewm(span=span).mean().iloc[-1]
            out[i, j] = out[j, i] = s * FREQ
    return fix_psd(out)


def lw_single_factor(r):
    X = np.nan_to_num(r.values)
    t, n = X.shape
    Xm = X - X.mean(axis=0)
    xmkt = Xm.mean(axis=1).reshape(t, 1)
    sample = np.cov(np.append(Xm, xmkt, axis=1), rowvar=False) * (t - 1) / t
    betas = sample[0:n, n].reshape(n, 1)
    varmkt = sample[n, n]
    sample = sample[:n, :n]
    F = betas @ betas.T / varmkt
    F[np.eye(n) == 1] = np.diag(sample)
    c = np.linalg.norm(sample - F, "fro") ** 2
    y = Xm**2
    p = np.sum(y.T @ y) / t - np.sum(sample**2)
    rdiag = np.sum(y**2) / t - np.sum(np.diag(sample) ** 2)
    z = Xm * xmkt
    v1 = (y.T @ z) / t - betas * sample
    roff1 = (np.sum(v1 * betas.T) - np.sum(np.diag(v1) * betas.ravel())) / varmkt
    v3 = (z.T @ z) / t - varmkt * sample
    roff3 = (np.sum(v3 * (betas @ betas.T)) - np.sum(np.diag(v3) * betas.ravel() ** 2)) / varmkt**2
    r_ = rdiag + 2 * roff1 - roff3
    delta = max(0.0, min(1.0, (p - r_) / c / t))
    return delta * F + (1 - delta) * sample, delta


def lw_constant_correlation(r):
    X = np.nan_to_num(r.values)
    t, n = X.shape
    S = r.cov().values
    var = np.diag(S).reshape(-1, 1)
    std = np.sqrt(var)
    r_bar = (np.sum(S / (std * std.T)) - n) / (n * (n - 1))
    F = r_bar * (std * std.T)
    F[np.eye(n) == 1] = var.ravel()
    Xm = X - X.mean(axis=0)
    y = Xm**2
    pi_mat = (y.T @ y) / t - 2 * (Xm.T @ Xm) * S / t + S**2
    pi_hat = np.sum(pi_mat)
    help_ = (Xm.T @ Xm) / t
    theta = ((Xm**3).T @ Xm) / t - np.diag(help_).reshape(-1, 1) * S - help_ * var + var * S
    theta[np.eye(n) == 1] = 0
    rho_hat = np.sum(np.diag(pi_mat)) + r_bar * np.sum((1 / std) @ std.T * theta)
    gamma_hat = np.linalg.norm(S - F, "fro") ** 2
    delta = max(0.0, min(1.0, (pi_hat - rho_hat) / gamma_hat / t))
    return delta * F + (1 - delta) * S, delta


def estimators(prices):
    r = returns_from_prices(prices)
    S = r.cov().values
    lw, lw_delta = skcov.ledoit_wolf(np.nan_to_num(r.values))
    oas, oas_delta = skcov.oas(np.nan_to_num(r.values))
    sf, sf_delta = lw_single_factor(r)
    cc, cc_delta = lw_constant_correlation(r)
    n = S.shape[0]
    shrunk = 0.2 * np.trace(S) / n * np.eye(n) + 0.8 * S
    log_r = returns_from_prices(prices, log=True)
    return {
        "assets": list(prices.columns),
        "returnRows": len(r),
        "mu": {
            "cagr": cagr(r).tolist(),
            "mean": (r.mean() * FREQ).values.tolist(),
            "ema": ema_return(r).tolist(),
            "capm": capm(r).tolist(),
            "cagrOfLogReturns": cagr(log_r).tolist(),
        },
        "cov": {
            "sample": fix_psd(S * FREQ).tolist(),
            "semicovariance": semicov(r, 0.000079).tolist(),
            "semicovarianceBenchmark0": semicov(r, 0.0).tolist(),
            "exponential": exp_cov(r).tolist(),
            "ledoitWolfConstantVariance": fix_psd(lw * FREQ).tolist(),
            "ledoitWolfSingleFactor": fix_psd(sf * FREQ).tolist(),
            "ledoitWolfConstantCorrelation": fix_psd(cc * FREQ).tolist(),
            "oracleApproximating": fix_psd(oas * FREQ).tolist(),
            "fixedShrinkage": fix_psd(shrunk * FREQ).tolist(),
        },
        "shrinkage": {
            "ledoitWolfConstantVariance": float(lw_delta),
            "ledoitWolfSingleFactor": float(sf_delta),
            "ledoitWolfConstantCorrelation": float(cc_delta),
            "oracleApproximating": float(oas_delta),
        },
    }


def json_safe(value):
    """NaN is not JSON: write it as null (the tests read null as NaN)."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    return value


def write(name, payload):
    payload = json_safe({"generatedBy": "tests/golden/make_fixtures.py", "versions": versions(), **payload})
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", name)


if __name__ == "__main__":
    write("estimators-pypfopt-stock-prices.json", {"data": "data/stock_prices.csv", **estimators(read_prices("stock_prices.csv"))})
    write("estimators-skfolio-sp500.json", {"data": "data/sp500_dataset.csv.gz", **estimators(read_prices("sp500_dataset.csv.gz"))})


def random_qps(count=12, seed=7):
    """Random convex QPs with a budget row, bounds, and sometimes a group limit, solved by cvxopt
    at tight tolerances. Weights long-only or with shorting, n from 4 to 40."""
    from cvxopt import matrix, solvers

    solvers.options.update({"show_progress": False, "abstol": 1e-12, "reltol": 1e-12, "feastol": 1e-12})
    rng = np.random.default_rng(seed)
    problems = []
    for index in range(count):
        n = int(rng.integers(4, 41))
        B = rng.standard_normal((n, max(2, n // 2))) * 0.1
        S = B @ B.T + np.diag(rng.uniform(1e-4, 5e-3, n))
        mu = rng.uniform(-0.05, 0.2, n)
        delta = float(rng.uniform(0.5, 5))
        lower = np.full(n, -0.3 if index % 3 == 0 else 0.0)
        upper = np.full(n, float(rng.uniform(0.25, 1.0)))
        if upper.sum() < 1:
            upper[:] = 1.0
        P = delta * S
        q = -mu
        G = [-np.eye(n), np.eye(n)]
        h = [-lower, upper]
        groups = []
        if index % 2 == 1:
            members = np.zeros(n)
            members[: n // 3] = 1
            limit = float(rng.uniform(0.1, 0.4))
            G.append(members.reshape(1, n))
            h.append(np.array([limit]))
            groups.append({"row": members.tolist(), "limit": limit})
        sol = solvers.qp(
            matrix(P), matrix(q), matrix(np.vstack(G)), matrix(np.concatenate(h)), matrix(np.ones((1, n))), matrix(1.0)
        )
        x = np.array(sol["x"]).ravel()
        problems.append(
            {
                "n": n,
                "P": P.ravel().tolist(),
                "q": q.tolist(),
                "lower": lower.tolist(),
                "upper": upper.tolist(),
                "groups": groups,
                "status": sol["status"],
                "x": x.tolist(),
                "objective": float(0.5 * x @ P @ x + q @ x),
            }
        )
    return problems


if __name__ == "__main__":
    write("qp-random-cvxopt.json", {"problems": random_qps()})


def optimizers(prices, bounds_list=((0, 1),)):
    """Mean-variance optimizers on CAGR and sample covariance, solved by cvxopt (QPs) and
    scipy SLSQP (efficient risk), following reference-definitions.md §4."""
    from cvxopt import matrix, solvers
    from scipy.optimize import minimize

    solvers.options.update({"show_progress": False, "abstol": 1e-12, "reltol": 1e-12, "feastol": 1e-12, "maxiters": 200})
    r = returns_from_prices(prices)
    mu = cagr(r)
    S = fix_psd(r.cov().values * FREQ)
    n = len(mu)
    rf = 0.02
    out = []

    def perf(w):
        ret = float(w @ mu)
        vol = float(np.sqrt(w @ S @ w))
        return {"expectedReturn": ret, "volatility": vol, "sharpe": (ret - rf) / vol}

    def qp(P, q, lb, ub, extra_G=None, extra_h=None):
        G = [-np.eye(n), np.eye(n)]
        h = [-np.full(n, float(lb)), np.full(n, float(ub))]
        if extra_G is not None:
            G.append(extra_G)
            h.append(extra_h)
        # The tightest tolerance cvxopt reaches on this problem.
        for tol in (1e-12, 1e-11, 1e-10, 1e-9):
            solvers.options.update({"abstol": tol, "reltol": tol, "feastol": tol})
            sol = solvers.qp(
                matrix(P), matrix(q), matrix(np.vstack(G)), matrix(np.concatenate(h)), matrix(np.ones((1, n))), matrix(1.0)
            )
            if sol["status"] == "optimal":
                return np.array(sol["x"]).ravel()
        raise RuntimeError("cvxopt did not converge")

    for lb, ub in bounds_list:
        case = {"bounds": [lb, ub]}
        case["minVolatility"] = qp(2 * S, np.zeros(n), lb, ub)
        case["maxQuadraticUtility"] = qp(1.0 * S, -mu, lb, ub)
        minvol_ret = float(case["minVolatility"] @ mu)
        from scipy.optimize import linprog

        best = linprog(-mu, A_eq=np.ones((1, n)), b_eq=[1.0], bounds=[(lb, ub)] * n, method="highs")
        max_return = float(-best.fun)
        case["maximumReturn"] = max_return
        target_return = minvol_ret + 0.5 * (max_return - minvol_ret)
        case["targetReturn"] = float(target_return)
        case["efficientReturn"] = qp(2 * S, np.zeros(n), lb, ub, -mu.reshape(1, n), np.array([-target_return]))
        minvol_vol = float(np.sqrt(case["minVolatility"] @ S @ case["minVolatility"]))
        target_vol = minvol_vol * 1.5
        case["targetVolatility"] = target_vol
        res = minimize(
            lambda w: -(w @ mu),
            case["efficientReturn"],
            jac=lambda w: -mu,
            method="SLSQP",
            bounds=[(lb, ub)] * n,
            constraints=[
                {"type": "eq", "fun": lambda w: np.sum(w) - 1, "jac": lambda w: np.ones(n)},
                {"type": "ineq", "fun": lambda w: target_vol**2 - w @ S @ w, "jac": lambda w: -2 * S @ w},
            ],
            options={"ftol": 1e-16, "maxiter": 1000},
        )
        case["efficientRisk"] = res.x
        if lb == 0 and ub >= 1:
            # Charnes–Cooper: min y'Sy, (mu - rf)'y = 1, y >= 0.
            excess = mu - rf
            sol = solvers.qp(
                matrix(2 * S), matrix(np.zeros(n)), matrix(-np.eye(n)), matrix(np.zeros(n)), matrix(excess.reshape(1, n)), matrix(1.0)
            )
            y = np.array(sol["x"]).ravel()
            case["maxSharpe"] = y / y.sum()
        for key in ["minVolatility", "maxQuadraticUtility", "efficientReturn", "efficientRisk", "maxSharpe"]:
            if key in case:
                w = case[key]
                case[key] = {"weights": w.tolist(), "performance": perf(w)}
        out.append(case)
    return {"assets": list(prices.columns), "riskFreeRate": rf, "cases": out}


if __name__ == "__main__":
    write("optimizers-pypfopt-stock-prices.json", optimizers(read_prices("stock_prices.csv"), ((0, 1), (0, 0.1), (-1, 1))))
    write("optimizers-skfolio-sp500.json", optimizers(read_prices("sp500_dataset.csv.gz"), ((0, 1), (0, 0.15))))


def hrp(prices):
    """HRP per reference-definitions.md §6 with pandas and scipy.cluster.hierarchy."""
    import scipy.cluster.hierarchy as sch
    import scipy.spatial.distance as ssd

    r = prices.pct_change(fill_method=None).dropna(how="all")
    corr, cov = r.corr(), r.cov()
    dist = np.sqrt(np.clip((1.0 - corr) / 2.0, a_min=0.0, a_max=1.0))
    link = sch.linkage(ssd.squareform(dist, checks=False), "single")
    order = sch.to_tree(link, rd=False).pre_order()
    w = pd.Series(1.0, index=[corr.columns[i] for i in order])
    items = [list(w.index)]
    while items:
        items = [c[start:stop] for c in items for start, stop in ((0, len(c) // 2), (len(c) // 2, len(c))) if len(c) > 1]
        for i in range(0, len(items), 2):
            first, second = items[i], items[i + 1]

            def variance(cluster):
                c = cov.loc[cluster, cluster].values
                ivp = 1.0 / np.diag(c)
                ivp /= ivp.sum()
                return float(ivp @ c @ ivp)

            v1, v2 = variance(first), variance(second)
            alpha = 1 - v1 / (v1 + v2)
            w[first] *= alpha
            w[second] *= 1 - alpha
    weights = w[list(prices.columns)].values
    mu = r.mean() * FREQ
    S = r.cov() * FREQ
    ret = float(weights @ mu.values)
    vol = float(np.sqrt(weights @ S.values @ weights))
    return {
        "assets": list(prices.columns),
        "order": [int(i) for i in order],
        "linkage": link.tolist(),
        "weights": weights.tolist(),
        "performance": {"expectedReturn": ret, "volatility": vol, "sharpe": (ret - 0.02) / vol},
    }


if __name__ == "__main__":
    write("hrp-pypfopt-stock-prices.json", hrp(read_prices("stock_prices.csv")))
    write("hrp-skfolio-sp500.json", hrp(read_prices("sp500_dataset.csv.gz")))


def allocation(prices, weights, total):
    """Greedy allocation as reference-definitions.md §8 describes it, and the lp_portfolio MILP
    solved by scipy.optimize.milp (HiGHS)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    latest = prices.ffill().iloc[-1]
    items = sorted([(t, w) for t, w in weights.items() if w > 0], key=lambda x: x[1], reverse=True)
    shares = [int(w * total / latest[t]) for t, w in items]
    cash = total - sum(s * latest[t] for s, (t, _) in zip(shares, items))
    while cash > 0:
        held = np.array([latest[t] * s for s, (t, _) in zip(shares, items)])
        deficit = np.array([w for _, w in items]) - held / held.sum()
        idx = int(np.argmax(deficit))
        price = latest[items[idx][0]]
        counter = 0
        while price > cash:
            deficit[idx] = 0
            idx = int(np.argmax(deficit))
            if deficit[idx] < 0 or counter == 10:
                break
            price = latest[items[idx][0]]
            counter += 1
        if deficit[idx] <= 0 or counter == 10:
            break
        shares[idx] += 1
        cash -= price
    greedy = {"shares": {t: s for s, (t, _) in zip(shares, items) if s > 0}, "leftover": float(cash)}

    # MILP: variables x (integer, n), d (n), r; minimise sum d + r
    # d_i >= w_i V - x_i p_i, d_i >= x_i p_i - w_i V, sum x_i p_i + r = V, r >= 0.
    tickers = [t for t, _ in items]
    n = len(tickers)
    p = np.array([latest[t] for t in tickers])
    w = np.array([weights[t] for t in tickers])
    c = np.concatenate([np.zeros(n), np.ones(n), [1.0]])
    A = []
    lo = []
    hi = []
    for i in range(n):
        row = np.zeros(2 * n + 1)
        row[i] = p[i]
        row[n + i] = 1
        A.append(row)
        lo.append(w[i] * total)
        hi.append(np.inf)
        row = np.zeros(2 * n + 1)
        row[i] = -p[i]
        row[n + i] = 1
        A.append(row)
        lo.append(-w[i] * total)
        hi.append(np.inf)
    row = np.concatenate([p, np.zeros(n), [1.0]])
    A.append(row)
    lo.append(total)
    hi.append(total)
    res = milp(
        c,
        constraints=LinearConstraint(np.array(A), lo, hi),
        integrality=np.concatenate([np.ones(n), np.zeros(n + 1)]),
        bounds=Bounds(np.zeros(2 * n + 1), np.full(2 * n + 1, np.inf)),
        options={"mip_rel_gap": 0},
    )
    x = np.round(res.x[:n]).astype(int)
    objective = float(np.abs(w * total - x * p).sum() + (total - (x * p).sum()))
    return {
        "totalValue": total,
        "latestPrices": {t: float(latest[t]) for t in prices.columns},
        "weights": weights,
        "greedy": greedy,
        "milp": {"shares": {t: int(s) for t, s in zip(tickers, x) if s > 0}, "leftover": float(total - (x * p).sum()), "objective": objective},
    }


if __name__ == "__main__":
    stock = read_prices("stock_prices.csv")
    h = hrp(stock)
    weights = {t: round(w, 5) for t, w in zip(h["assets"], h["weights"])}
    write("allocation-pypfopt-stock-prices.json", allocation(stock, weights, 10000.0))


def scenario_lps(prices, beta=0.95):
    """Minimum CVaR and CDaR LPs (reference-definitions.md §9) on the complete rows, solved by
    scipy.optimize.linprog (HiGHS); long-only, weights sum to 1."""
    from scipy.optimize import linprog

    full = prices.dropna(how="any")
    R = full.pct_change().dropna().values
    T, n = R.shape
    scale = 1 / (T * (1 - beta))
    # CVaR: x = [w (n), alpha, u (T)]
    c = np.concatenate([np.zeros(n), [1.0], np.full(T, scale)])
    A_ub = np.hstack([-R, -np.ones((T, 1)), -np.eye(T)])  # -(R w) - alpha - u <= 0
    b_ub = np.zeros(T)
    A_eq = np.concatenate([np.ones(n), [0.0], np.zeros(T)]).reshape(1, -1)
    bounds = [(0, 1)] * n + [(None, None)] + [(0, None)] * T
    cvar = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs")
    # CDaR: x = [w (n), alpha, u_1..u_T, z_1..z_T], u_0 = 0
    size = n + 1 + 2 * T
    c = np.zeros(size)
    c[n] = 1.0
    c[n + 1 + T :] = scale
    rows = []
    for t in range(T):
        row = np.zeros(size)  # u_{t-1} - u_t - R_t w <= 0
        row[:n] = -R[t]
        row[n + 1 + t] = -1
        if t > 0:
            row[n + t] = 1
        rows.append(row)
        row = np.zeros(size)  # u_t - alpha - z_t <= 0
        row[n + 1 + t] = 1
        row[n] = -1
        row[n + 1 + T + t] = -1
        rows.append(row)
    A_eq = np.concatenate([np.ones(n), np.zeros(size - n)]).reshape(1, -1)
    bounds = [(0, 1)] * n + [(None, None)] + [(0, None)] * (2 * T)
    cdar = linprog(c, A_ub=np.array(rows), b_ub=np.zeros(2 * T), A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs")
    return {
        "assets": list(prices.columns),
        "beta": beta,
        "rows": T,
        "firstDate": str(full.index[1].date()),
        "minCvar": {"cvar": float(cvar.fun), "weights": cvar.x[:n].tolist()},
        "minCdar": {"cdar": float(cdar.fun), "weights": cdar.x[:n].tolist()},
    }


if __name__ == "__main__":
    write("scenario-pypfopt-stock-prices.json", scenario_lps(read_prices("stock_prices.csv")))


def risk_parity(prices):
    """Equal risk contribution on the sample covariance, solved independently with scipy:
    fsolve on the risk-contribution equations w_i (S w)_i = w'Sw / n, sum w = 1."""
    from scipy.optimize import fsolve

    r = returns_from_prices(prices)
    S = fix_psd(r.cov().values * FREQ)
    n = len(S)

    def equations(x):
        w = x[:n]
        rc = w * (S @ w)
        # Equal contributions (n - 1 equations) and the budget (one more).
        return np.concatenate([rc[:-1] - rc[1:], [w.sum() - 1]])

    x0 = 1 / np.sqrt(np.diag(S))
    x0 /= x0.sum()
    w = fsolve(equations, x0, xtol=1e-14)
    rc = w * (S @ w) / (w @ S @ w)
    return {"assets": list(prices.columns), "weights": w.tolist(), "riskContributions": rc.tolist()}


if __name__ == "__main__":
    write("risk-parity-pypfopt-stock-prices.json", risk_parity(read_prices("stock_prices.csv")))


def black_litterman():
    """Black-Litterman per reference-definitions.md §7 with numpy, on the sample covariance of
    stock_prices.csv, SPY for the risk aversion, illustrative market caps and mixed views."""
    prices = read_prices("stock_prices.csv")
    r = returns_from_prices(prices)
    S = fix_psd(r.cov().values * FREQ)
    spy = read_prices("spy_prices.csv")["SPY"].pct_change().dropna()
    delta = float((spy.mean() * FREQ - 0.0) / (spy.var(ddof=1) * FREQ))
    assets = list(prices.columns)
    n = len(assets)
    mcaps = np.array([927, 1190, 574, 533, 867, 96, 16, 295, 301, 51, 232, 7, 0.5, 326, 3, 24, 245, 210, 339, 71.0])
    w_mkt = mcaps / mcaps.sum()
    pi = delta * S @ w_mkt
    tau = 0.05
    # Views: AAPL returns 10 %, FB returns 30 % (confidence 0.6), MA beats PFE by 5 % (confidence 0.3).
    P = np.zeros((3, n))
    P[0, assets.index("AAPL")] = 1
    P[1, assets.index("FB")] = 1
    P[2, assets.index("MA")] = 1
    P[2, assets.index("PFE")] = -1
    Q = np.array([0.10, 0.30, 0.05])
    confidences = [None, 0.6, 0.3]
    omega = np.zeros((3, 3))
    for k, c in enumerate(confidences):
        own = P[k] @ S @ P[k]
        omega[k, k] = tau * own if c is None else (1e6 if c == 0 else tau * (1 - c) / c * own)
    A = P @ (tau * S) @ P.T + omega
    post_mu = pi + tau * S @ P.T @ np.linalg.solve(A, Q - P @ pi)
    post_cov = S + tau * S - tau * S @ P.T @ np.linalg.solve(A, P @ (tau * S))
    w = np.linalg.solve(delta * S, post_mu)
    w /= w.sum()
    return {
        "assets": assets,
        "marketCaps": mcaps.tolist(),
        "riskAversion": delta,
        "prior": pi.tolist(),
        "posteriorReturns": post_mu.tolist(),
        "posteriorCov": post_cov.tolist(),
        "weights": w.tolist(),
    }


if __name__ == "__main__":
    write("black-litterman-pypfopt-stock-prices.json", black_litterman())


def trading_terms():
    """Minimum volatility and maximum quadratic utility with linear costs and a turnover limit
    from current weights, as a QP in (w, d) with d >= |w - w0|, solved by cvxopt."""
    from cvxopt import matrix, solvers

    prices = read_prices("sp500_dataset.csv.gz")
    r = returns_from_prices(prices)
    S = fix_psd(r.cov().values * FREQ)
    mu = cagr(r)
    n = len(mu)
    w0 = np.full(n, 1.0 / n)
    costs = np.linspace(0.001, 0.02, n)
    out = {"assets": list(prices.columns), "current": w0.tolist(), "costs": costs.tolist(), "cases": []}
    for name, P, q, limit in [
        ("minVolatilityWithCosts", 2 * S, np.zeros(n), None),
        ("maxQuadraticUtilityWithCosts", 1.0 * S, -mu, None),
        ("minVolatilityTurnover30", 2 * S, np.zeros(n), 0.3),
    ]:
        size = 2 * n
        bigP = np.zeros((size, size))
        bigP[:n, :n] = P
        bigq = np.concatenate([q, costs if limit is None else np.zeros(n)])
        G = [np.hstack([np.eye(n), -np.eye(n)]), np.hstack([-np.eye(n), -np.eye(n)]), np.hstack([-np.eye(n), np.zeros((n, n))]), np.hstack([np.eye(n), np.zeros((n, n))])]
        h = [w0, -w0, np.zeros(n), np.ones(n)]
        if limit is not None:
            G.append(np.concatenate([np.zeros(n), np.ones(n)]).reshape(1, -1))
            h.append(np.array([limit]))
        A = np.concatenate([np.ones(n), np.zeros(n)]).reshape(1, -1)
        for tol in (1e-12, 1e-11, 1e-10, 1e-9):
            solvers.options.update({"show_progress": False, "abstol": tol, "reltol": tol, "feastol": tol})
            sol = solvers.qp(matrix(bigP), matrix(bigq), matrix(np.vstack(G)), matrix(np.concatenate(h)), matrix(A), matrix(1.0))
            if sol["status"] == "optimal":
                break
        x = np.array(sol["x"]).ravel()
        w = x[:n]
        objective = float(0.5 * w @ P @ w + q @ w + (costs @ np.abs(w - w0) if limit is None else 0))
        out["cases"].append({"name": name, "turnoverLimit": limit, "weights": w.tolist(), "objective": objective})
    return out


if __name__ == "__main__":
    write("trading-skfolio-sp500.json", trading_terms())


def tracking_error_case():
    """Minimum volatility with a 2 % tracking-error limit to equal weights, by scipy SLSQP."""
    from scipy.optimize import minimize

    prices = read_prices("sp500_dataset.csv.gz")
    r = returns_from_prices(prices)
    S = fix_psd(r.cov().values * FREQ)
    n = len(S)
    b = np.full(n, 1.0 / n)
    limit = 0.02
    res = minimize(
        lambda w: w @ S @ w,
        b,
        jac=lambda w: 2 * S @ w,
        method="SLSQP",
        bounds=[(0, 1)] * n,
        constraints=[
            {"type": "eq", "fun": lambda w: w.sum() - 1, "jac": lambda w: np.ones(n)},
            {"type": "ineq", "fun": lambda w: limit**2 - (w - b) @ S @ (w - b), "jac": lambda w: -2 * S @ (w - b)},
        ],
        options={"ftol": 1e-16, "maxiter": 1000},
    )
    w = res.x
    return {"benchmark": b.tolist(), "limit": limit, "weights": w.tolist(), "variance": float(w @ S @ w)}


if __name__ == "__main__":
    write("tracking-error-skfolio-sp500.json", tracking_error_case())


def semivariance_case():
    """Minimum semivariance (benchmark 0) as the QP in (w, n) of reference-definitions.md §9:
    B w - p + n = 0 with B = R / sqrt(T), p, n >= 0, minimise sum n^2; solved by cvxopt."""
    from cvxopt import matrix, solvers

    prices = read_prices("stock_prices.csv").dropna(how="any")
    R = prices.pct_change().dropna().values
    T, n = R.shape
    B = R / np.sqrt(T)
    size = n + 2 * T  # w, p, n
    P = np.zeros((size, size))
    P[n + T :, n + T :] = 2 * np.eye(T)
    q = np.zeros(size)
    A = np.vstack([np.hstack([B, -np.eye(T), np.eye(T)]), np.concatenate([np.ones(n), np.zeros(2 * T)])])
    b = np.concatenate([np.zeros(T), [1.0]])
    G = np.vstack([-np.eye(size), np.hstack([np.eye(n), np.zeros((n, 2 * T))])])
    h = np.concatenate([np.zeros(size), np.ones(n)])
    for tol in (1e-12, 1e-11, 1e-10, 1e-9, 1e-8):
        solvers.options.update({"show_progress": False, "abstol": tol, "reltol": tol, "feastol": tol, "maxiters": 300})
        sol = solvers.qp(matrix(P), matrix(q), matrix(G), matrix(h), matrix(A), matrix(b))
        if sol["status"] == "optimal":
            break
    w = np.array(sol["x"]).ravel()[:n]
    semivariance = float(np.sum(np.minimum(R @ w, 0) ** 2) / T)
    return {"weights": w.tolist(), "semivariance": semivariance, "semideviation": float(np.sqrt(semivariance * FREQ)), "tolerance": tol}


if __name__ == "__main__":
    write("semivariance-pypfopt-stock-prices.json", semivariance_case())
