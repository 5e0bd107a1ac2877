"""Thousands of orgs on one PostgreSQL: ``python -m bench.run scale --orgs 1000`` (not in the default run).

In the benchmark database, with the demo orgs (acme, globex) present:

1. provisions org 1 and measures its storefront home against the baseline
   (``../shared/bench/compare``, as ``bench/storefront.py`` does);
2. provisions orgs 2..N one after another and reports the seconds per org by decile of org count;
3. runs ``manage.py migrate_orgs`` with nothing to apply over every schema (wall time);
4. applies a probe migration (one new table, in a temporary app written to a temporary directory
   with a settings module that adds it: nothing is written in the repository) with
   ``migrate_orgs``, then takes its table and records out of every schema again;
5. measures org N's storefront home against the baseline;
6. reads PostgreSQL's relation count and the database size;
7. serves org 1's home from one gunicorn worker, reads the worker's RSS, serves the homes of
   100 different orgs, and reads it again.

Every schema, org and domain it makes is removed at the end, and before the start (what a killed
run left).
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench import database, storefront
from bench.pages import Page
from bench.scale_orgs import PROBE_APP, PROBE_TABLE, host

# The probe: a tenant app with one migration creating a one-column table.
PROBE_FILES = {
    f"{PROBE_APP}/__init__.py": "",
    f"{PROBE_APP}/models.py": "",
    f"{PROBE_APP}/migrations/__init__.py": "",
    f"{PROBE_APP}/migrations/0001_initial.py": f"""
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[("id", models.BigAutoField(primary_key=True)), ("text", models.TextField())],
            options={{"db_table": "{PROBE_TABLE}"}},
        ),
    ]
""",
    "scale_probe_settings.py": f"""
from bench.settings import *  # noqa: F403

TENANT_APPS = [*TENANT_APPS, "{PROBE_APP}"]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "{PROBE_APP}"]  # noqa: F405
""",
}


def _orgs(command: str, *args: str) -> Any:
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "out.json"
        subprocess.run(
            [sys.executable, "-m", "bench.scale_orgs", command, *args, "--json", str(output)],
            cwd=database.ROOT,
            env=database.django_environ(),
            check=True,
        )
        return json.loads(output.read_text())


def _migrate_orgs(environ: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate_orgs"],
        cwd=database.ROOT,
        env=environ,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"migrate_orgs failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    checked = re.search(r"Checked .*", result.stdout)
    return elapsed, checked.group(0) if checked else ""


def _probe_migration() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-scale-probe-") as directory:
        for name, text in PROBE_FILES.items():
            path = Path(directory) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        environ = database.django_environ()
        environ["PYTHONPATH"] = f"{directory}:{database.ROOT}"
        environ["DJANGO_SETTINGS_MODULE"] = "scale_probe_settings"
        try:
            seconds, checked = _migrate_orgs(environ)
        finally:
            _orgs("probe-remove")
    return {"seconds": seconds, "checked": checked}


def _home(index: int, seconds: int, rounds: int) -> dict[str, Any]:
    page = Page(f"storefront home (org {index})", "/", host(index))
    with storefront.gunicorn() as base:
        result = storefront.measure(page, base, seconds, rounds)
    if result.error:
        raise RuntimeError(f"{page.name}: {result.error}")
    return {
        "org": index,
        "ratio": result.ratio,
        "rps": result.project_rps,
        "baseline_rps": result.baseline_rps,
    }


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def _gunicorn_worker() -> int:
    """The pid of the one gunicorn worker on the bench port: the gunicorn process whose parent
    is a gunicorn process on that port too."""
    bound = f"127.0.0.1:{storefront.PORT}"
    masters, processes = set(), {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if "gunicorn" in command and bound in command:
            processes[int(proc.name)] = parent
            masters.add(int(proc.name))
    workers = [pid for pid, parent in processes.items() if parent in masters]
    if len(workers) != 1:
        raise RuntimeError(f"expected one gunicorn worker on {bound}, found {workers}")
    return workers[0]


def _get(base: str, hostname: str) -> int:
    request = urllib.request.Request(base + "/", headers={"Host": hostname})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _memory(orgs: int) -> dict[str, Any]:
    """RSS of the one worker after serving org 1, and after serving 100 different orgs."""
    served = [1 + round(i * (orgs - 1) / 99) for i in range(100)] if orgs >= 100 else list(range(1, orgs + 1))
    with storefront.gunicorn(workers=1) as base:
        worker = _gunicorn_worker()
        statuses = [_get(base, host(1)) for _ in range(50)]  # warm: imports, templates, caches
        after_one = _rss_kib(worker)
        for index in served:
            statuses += [_get(base, host(index)) for _ in range(3)]
        after_many = _rss_kib(worker)
        if _gunicorn_worker() != worker:
            raise RuntimeError("the gunicorn worker was replaced while serving")
    bad = [status for status in statuses if status != 200]
    if bad:
        raise RuntimeError(f"{len(bad)} of {len(statuses)} requests did not answer 200: {sorted(set(bad))}")
    return {
        "orgs_served": len(set(served)),
        "rss_after_1_mib": after_one / 1024,
        "rss_after_many_mib": after_many / 1024,
    }


def deciles(seconds: list[float]) -> list[float]:
    """The median seconds per org of each tenth of the orgs, in the order they were made."""
    size = len(seconds)
    return [
        statistics.median(seconds[size * k // 10 : max(size * (k + 1) // 10, size * k // 10 + 1)])
        for k in range(10)
    ]


def run(*, orgs: int, seconds: int, rounds: int) -> dict[str, Any]:
    if orgs < 2:
        sys.exit("bench scale: --orgs must be at least 2")
    storefront.compare_path()
    result: dict[str, Any] = {"orgs": orgs}
    _orgs("cleanup")
    try:
        print(f"\n== scale: provisioning org 1 of {orgs}", flush=True)
        provisioned = _orgs("create", "--first", "1", "--last", "1")
        result["home_first"] = _home(1, seconds, rounds)
        print(f"\n== scale: provisioning orgs 2..{orgs}", flush=True)
        provisioned += _orgs("create", "--first", "2", "--last", str(orgs))
        result["provision_s"] = provisioned
        result["provision_deciles_s"] = deciles(provisioned)
        print("\n== scale: migrate_orgs with nothing to apply", flush=True)
        noop, checked = _migrate_orgs(database.django_environ())
        result["migrate_noop"] = {"seconds": noop, "checked": checked}
        print(f"   {noop:.1f} s ({checked})", flush=True)
        print(
            "\n== scale: migrate_orgs applying a probe migration (one new table) to every schema", flush=True
        )
        result["migrate_new"] = _probe_migration()
        print(f"   {result['migrate_new']['seconds']:.1f} s", flush=True)
        result["home_last"] = _home(orgs, seconds, rounds)
        result["database"] = _orgs("stats")
        print("\n== scale: web worker memory, 1 org served, then 100", flush=True)
        result["memory"] = _memory(orgs)
    finally:
        print("\n== scale: removing the benchmark's orgs", flush=True)
        _orgs("cleanup")
    return result


def summary(result: dict[str, Any]) -> str:
    d = result["provision_deciles_s"]
    schemas = _schema_count(result["migrate_noop"]["checked"])
    noop = result["migrate_noop"]["seconds"]
    memory = result["memory"]
    growth = memory["rss_after_many_mib"] / memory["rss_after_1_mib"] - 1
    first, last = result["home_first"], result["home_last"]
    size_mib = result["database"]["database_bytes"] / 2**20
    lines = [
        f"scale: {result['orgs']} orgs",
        "provisioning s/org by decile: " + ", ".join(f"{value:.3f}" for value in d),
        f"  last decile / first: {d[-1] / d[0]:.2f} (goal <= 1.20 and < 1 s) "
        + _met(d[-1] / d[0] <= 1.2 and d[-1] < 1),
        f"no-op migrate_orgs: {noop:.1f} s wall (process start included) over {schemas} schemas,"
        f" {noop / schemas:.4f} s each; {result['migrate_noop']['checked']} "
        f"(goal < 60 s at 1000 orgs, < 0.05 s each) " + _met(noop / schemas < 0.05 and noop < 60),
        f"probe migration over all: {result['migrate_new']['seconds']:.1f} s"
        f" ({result['migrate_new']['checked']})",
        f"storefront home ratio: org 1 {first['ratio']:.3f} ({first['rps']:.0f} req/s),"
        f" org {last['org']} {last['ratio']:.3f} ({last['rps']:.0f} req/s) (goal >= 0.6) "
        + _met(last["ratio"] >= 0.6),
        f"relations: {result['database']['relations']}, database size: {size_mib:.0f} MiB",
        f"web worker RSS: {memory['rss_after_1_mib']:.1f} MiB after 1 org,"
        f" {memory['rss_after_many_mib']:.1f} MiB after {memory['orgs_served']} orgs"
        f" ({growth:+.1%}; goal within 20%) " + _met(growth <= 0.2),
    ]
    return "\n".join(lines)


def _schema_count(checked: str) -> int:
    found = re.search(r"Checked (\d+) schemas", checked)
    return int(found.group(1)) if found else 1


def _met(condition: bool) -> str:
    return "met" if condition else "MISSED"
