"""Benchmark: generate the planning strategy as PDF/A (and ODT) for a strategy with 60 plans and
6 charts, as issue 6 asks ("under 3 seconds on this machine"). Prints the figures; asserts nothing.

    .venv/bin/python bench/strategy_pdf.py [--runs 5]

Uses a throw-away SQLite database in a temporary folder: reference data, the shipped SSB snapshot,
60 plans with decisions, every section written, picked challenge statements. The strategy document
itself carries the charts the snapshot allows (population, age groups); the benchmark adds charts of
the same kind for neighbouring municipalities until there are 6, so the figure is for 6 charts.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="samplan-bench-")
    os.environ["SAMPLAN_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samplan.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_municipalities", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    from samplan.documents import odt, pdf
    from samplan.documents.check import pdfa_problems
    from samplan.documents.content import Figure
    from samplan.municipalities.models import Municipality
    from samplan.plans.models import CleanupDecision, Plan
    from samplan.stats import challenges
    from samplan.stats.figures import municipality_figures
    from samplan.stats.models import Statement
    from samplan.stats.presentation import population_chart
    from samplan.stats.snapshot import snapshot_load
    from samplan.strategy import services
    from samplan.strategy.documents import strategy_document
    from samplan.strategy.sections import SECTIONS

    snapshot_load()
    tydal = Municipality.objects.get(number="5033")
    for number in range(60):
        plan = Plan.objects.create(
            municipality=tydal,
            title=f"Plan {number + 1} for Tydal – æøå áŋšŧ",
            plan_type="temaplan",
            adopted_year=2010 + number % 15,
            revision_interval_years=4,
            pages=10 + number,
            responsible_unit="Plan og utvikling",
        )
        if number % 2:
            CleanupDecision.objects.create(
                municipality=tydal,
                period_start=2023,
                plan=plan,
                decision="revidere",
                target_year=2026,
                rationale="Utdatert.",
                responsible="Rådmannen",
            )
    strategy = services.strategy_get_or_create(municipality=tydal, period_start=2023)
    for section in SECTIONS:
        setattr(strategy, section.key, f"{section.example}\n\n{section.example}")
    strategy.save()
    for computed in challenges.compute(municipality_figures(tydal)):
        Statement.objects.create(
            municipality=tydal, key=computed.key, numbers=computed.numbers, selected=True
        )

    def document() -> object:
        built = strategy_document(strategy, "nb")
        charts = [block for block in built.blocks if isinstance(block, Figure)]
        for neighbour in ("5026", "5032", "5034", "5035", "5036", "5037"):
            if len(charts) >= 6:
                break
            block = population_chart(
                municipality_figures(Municipality.objects.get(number=neighbour))
            )
            if block is not None:
                figure = Figure(svg=str(block.svg), alt="Folketall", caption="Folketall")
                built.blocks.append(figure)
                charts.append(figure)
        return built, len(charts)

    built, chart_count = document()
    first = pdf.render(built)  # warm up fonts and caches
    problems = pdfa_problems(first, language="nb")
    timings, odt_timings = [], []
    for _run in range(args.runs):
        started = time.perf_counter()
        built, chart_count = document()
        data = pdf.render(built)
        timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        odt.render(strategy_document(strategy, "nb"))
        odt_timings.append(time.perf_counter() - started)
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores")
    print(f"strategy with {Plan.objects.count()} plans and {chart_count} charts, {args.runs} runs")
    print(
        f"PDF/A: median {statistics.median(timings):.2f} s, max {max(timings):.2f} s, "
        f"{len(data) / 1024:.0f} KiB, PDF/A check: {'ok' if not problems else problems}"
    )
    print(f"ODT:   median {statistics.median(odt_timings):.2f} s, max {max(odt_timings):.2f} s")
    print("target: PDF under 3 s -> " + ("met" if max(timings) < 3 else "NOT met"))


if __name__ == "__main__":
    main()
