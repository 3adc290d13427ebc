"""Print the load test's figures (tests/perf/results/loadtest-summary.json, written by the locustfile)."""

import json
import sys
from pathlib import Path

TARGET_P95_MS = 500


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0] if argv else Path(__file__).resolve().parent / "results" / "loadtest-summary.json")
    s = json.loads(path.read_text())
    pages = s["pages"]
    print(f"\n{s['users']} users, {s['duration_s']} s: {s['requests']} requests, {s['requests_per_s']} requests/s, "
          f"{s['failures']} errors")  # fmt: skip
    print(f"pages (login excluded): p50 {pages['p50_ms']} ms, p95 {pages['p95_ms']} ms, p99 {pages['p99_ms']} ms, "
          f"max {pages['max_ms']} ms")  # fmt: skip
    login = s["login"]
    print(f"login: p50 {login['p50_ms']} ms, p95 {login['p95_ms']} ms ({login['requests']} requests)")
    print(f"{'request':<52}{'n':>7}{'p50':>8}{'p95':>8}{'p99':>8}")
    for name, f in s["by_page"].items():
        print(f"{name[:51]:<52}{f['requests']:>7}{f['p50_ms']:>8}{f['p95_ms']:>8}{f['p99_ms']:>8}")
    for error, n in s["errors"].items():
        print(f"error ×{n}: {error}")
    ok = s["failures"] == 0 and (pages["p95_ms"] or 0) < TARGET_P95_MS
    print(f"target (no errors, p95 < {TARGET_P95_MS} ms): {'met' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
