"""How long `scripts/add-adapter sync` takes as the spec grows.

For each size it writes synthetic projects (benchmarks/synthetic_project.py)
to a temporary directory and times, best of `--repeat` runs:

- `add_adapter.sync.wiring.sync` called in this process. Every run starts with the
  generated modules deleted and the project's modules forgotten, so it does
  all the work a fresh `sync` does: import every port and adapter, render,
  format with ruff, write. Measured with the bytecode cache warm (what a
  developer's second and later syncs see) and with no bytecode at all (a
  fresh clone, CI, or PYTHONDONTWRITEBYTECODE=1: every module compiled);
- the same when the spec lists no adapter, so `sync` registers all of them;
- each phase of `sync` on its own (bytecode cache warm);
- `scripts/add-adapter sync` as a subprocess, unless `--no-cli`: the same work
  plus starting Python and importing the tool (bytecode cache warm).

Growth is (seconds / seconds at the smallest size) / (size / smallest size):
about 1.0 means linear, above 1.0 worse than linear, below 1.0 a fixed cost
still dominating; "growth vs previous" compares neighbouring sizes, which
shows the marginal cost once the fixed costs are amortised. The baseline is a
fixed, trivial piece of work timed in the same run (json.loads of the
1,000-binding spec), so figures from different machines can be compared as
multiples of it.

    .venv/bin/python benchmarks/bench_sync.py [--sizes 100 1000 5000]
        [--repeat 5] [--no-cli] [--no-gc] [--profile 1000]
"""

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "scripts")]

from add_adapter.files import write_if_changed  # noqa: E402
from add_adapter.paths import Project  # noqa: E402
from add_adapter.specification.model import load_spec  # noqa: E402
from add_adapter.sync.formatting import format_sources  # noqa: E402
from add_adapter.sync.registration import register_unlisted_adapters  # noqa: E402
from add_adapter.sync.render import render_unformatted  # noqa: E402
from add_adapter.sync.wiring import sync  # noqa: E402
from benchmarks.synthetic_project import (  # noqa: E402
    remove_generated_files,
    spec_text,
    write_synthetic_project,
)
from benchmarks.timing import (  # noqa: E402
    best_of,
    forget_project_modules,
    format_table,
    growth,
    machine_summary,
    remove_bytecode,
    subprocess_environment,
    use_bytecode_cache,
)

TOOL = REPO_ROOT / "scripts" / "add-adapter"
BASELINE_SIZE = 1000
BASELINE_RUNS = 50


@dataclass(frozen=True)
class Subject:
    """One synthetic project and how to put it back before each run."""

    project: Project
    bindings: int
    spec: str
    """The spec as written: `sync` rewrites it when it registers adapters."""
    bytecode_cache: bool

    def reset(self) -> None:
        """Nothing generated, nothing imported, the spec as written, and no
        bytecode unless the cache is measured warm."""
        remove_generated_files(self.project.root)
        self.project.spec_path.write_text(self.spec, encoding="utf-8")
        if not self.bytecode_cache:
            remove_bytecode(self.project.root)
        forget_project_modules()


@dataclass(frozen=True)
class Timing:
    bindings: int
    seconds: float


@dataclass(frozen=True)
class Settings:
    repeat: int
    collect_garbage: bool


def main() -> None:
    arguments = _parse_arguments()
    sizes: list[int] = sorted(set(arguments.sizes))
    settings = Settings(arguments.repeat, arguments.gc)
    print(machine_summary())
    baseline = best_of(BASELINE_RUNS, _baseline_action())
    print(
        f"baseline: json.loads of the {BASELINE_SIZE:,}-binding spec, "
        f"{baseline * 1000:.2f} ms (best of {BASELINE_RUNS})"
    )
    print(
        f"every figure below is the best of {settings.repeat} runs"
        + ("" if settings.collect_garbage else ", cyclic GC off while timed")
        + "\n"
    )

    with tempfile.TemporaryDirectory(prefix="bench-sync-") as temporary:
        base = Path(temporary)
        listed = {size: _subject(base / f"listed{size}", size) for size in sizes}
        unlisted = {
            size: _subject(base / f"unlisted{size}", size, listed=False)
            for size in sizes
        }

        _section(
            "sync, in process, bytecode cache warm",
            _time_series(listed, settings, in_process=True, bytecode_cache=True),
            baseline,
        )
        _section(
            "sync, in process, no bytecode cache (every module compiled)",
            _time_series(listed, settings, in_process=True, bytecode_cache=False),
            baseline,
        )
        _section(
            "sync registering every adapter (spec lists none), in process, "
            "bytecode cache warm",
            _time_series(unlisted, settings, in_process=True, bytecode_cache=True),
            baseline,
        )
        print("## sync, phase by phase (in process, bytecode cache warm)\n")
        print(_phase_table(listed, settings) + "\n")
        if arguments.cli:
            _section(
                "scripts/add-adapter sync, as a subprocess, bytecode cache warm",
                _time_series(listed, settings, in_process=False, bytecode_cache=True),
                baseline,
            )
        if arguments.profile:
            size = arguments.profile
            subject = _subject(base / f"profiled{size}", size)
            _profile(subject, bytecode_cache=True)


def _parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time `sync` on synthetic projects of growing size."
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 1000, 5000], metavar="N"
    )
    parser.add_argument("--repeat", type=int, default=5, metavar="K")
    parser.add_argument(
        "--no-cli",
        dest="cli",
        action="store_false",
        help="skip timing scripts/add-adapter as a subprocess",
    )
    parser.add_argument(
        "--no-gc",
        dest="gc",
        action="store_false",
        help="turn the cyclic garbage collector off while an in-process run is timed",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile one sync of N bindings with cProfile",
    )
    arguments = parser.parse_args()
    if min(arguments.sizes) < 2 or arguments.repeat < 1:
        parser.error("sizes must be at least 2 and --repeat at least 1")
    return arguments


def _baseline_action() -> Callable[[], object]:
    text = spec_text(BASELINE_SIZE)
    return lambda: json.loads(text)


def _subject(root: Path, bindings: int, *, listed: bool = True) -> Subject:
    write_synthetic_project(root, bindings, listed=listed)
    project = Project(root)
    spec = project.spec_path.read_text(encoding="utf-8")
    return Subject(project, bindings, spec, bytecode_cache=True)


def _time_series(
    subjects: dict[int, Subject],
    settings: Settings,
    *,
    in_process: bool,
    bytecode_cache: bool,
) -> list[Timing]:
    timings = []
    for size, template in subjects.items():
        subject = Subject(
            template.project, template.bindings, template.spec, bytecode_cache
        )
        use_bytecode_cache(bytecode_cache)
        if bytecode_cache:
            subject.reset()
            sync(subject.project)  # writes the bytecode the timed runs read
        action = (
            (lambda s=subject: sync(s.project))
            if in_process
            else _cli_action(subject, bytecode_cache=bytecode_cache)
        )
        seconds = best_of(
            settings.repeat,
            action,
            before=subject.reset,
            collect_garbage=settings.collect_garbage or not in_process,
        )
        _require_synced(subject)
        timings.append(Timing(size, seconds))
    use_bytecode_cache(True)
    return timings


def _cli_action(subject: Subject, *, bytecode_cache: bool) -> Callable[[], None]:
    command = [sys.executable, str(TOOL), "sync", "--root", str(subject.project.root)]
    environment = subprocess_environment(bytecode_cache=bytecode_cache)

    def run() -> None:
        subprocess.run(command, check=True, capture_output=True, env=environment)

    return run


def _require_synced(subject: Subject) -> None:
    """A timing means nothing if sync did not do its job."""
    generated = subject.project.root / "setup/ioc/application.py"
    expected = subject.bindings - 1  # the clock's binding is in domain.py
    provided = generated.read_text(encoding="utf-8").count(" = provide(\n")
    if provided != expected:
        raise SystemExit(f"sync wrote {provided} bindings, expected {expected}")


def _section(title: str, timings: list[Timing], baseline: float) -> None:
    print(f"## {title}\n")
    print(_growth_table(timings, baseline) + "\n")


def _growth_table(timings: list[Timing], baseline: float) -> str:
    first = previous = timings[0]
    rows = []
    for timing in timings:
        seconds, size = timing.seconds, timing.bindings
        rows.append(
            [
                f"{size:,}",
                f"{seconds:.3f}",
                f"{seconds / size * 1000:.3f}",
                f"{growth(seconds, size, first.seconds, first.bindings):.2f}",
                f"{growth(seconds, size, previous.seconds, previous.bindings):.2f}",
                f"{seconds / baseline:,.0f}",
            ]
        )
        previous = timing
    return format_table(
        [
            "bindings",
            "seconds",
            "s / 1,000 bindings",
            f"growth vs {first.bindings:,}",
            "growth vs previous",
            "x baseline",
        ],
        rows,
    )


PHASES = ("load_spec", "register (imports)", "render", "format (ruff)", "write")


def _phase_table(subjects: dict[int, Subject], settings: Settings) -> str:
    """The phases of `sync`, each timed alone with the tool's own functions."""
    rows = []
    for size, subject in subjects.items():
        seconds = _phase_seconds(subject, settings)
        rows.append(
            [f"{size:,}", *(f"{s:.3f}" for s in seconds), f"{sum(seconds):.3f}"]
        )
    return format_table(["bindings", *PHASES, "sum"], rows)


def _phase_seconds(subject: Subject, settings: Settings) -> list[float]:
    use_bytecode_cache(True)
    project = subject.project
    subject.reset()
    spec = load_spec(project.spec_path)
    register_unlisted_adapters(project, spec)  # writes the bytecode
    unformatted = render_unformatted(spec)
    formatted = format_sources(unformatted, project.root)
    phases: list[tuple[Callable[[], object], Callable[[], object] | None]] = [
        (lambda: load_spec(project.spec_path), None),
        (lambda: register_unlisted_adapters(project, spec), subject.reset),
        (lambda: render_unformatted(spec), None),
        (lambda: format_sources(unformatted, project.root), None),
        (lambda: _write_all(project, formatted), subject.reset),
    ]
    return [
        best_of(
            settings.repeat, action, before, collect_garbage=settings.collect_garbage
        )
        for action, before in phases
    ]


def _write_all(project: Project, formatted: dict[Path, str]) -> None:
    for path, text in formatted.items():
        write_if_changed(project.absolute(path), text)


def _profile(subject: Subject, *, bytecode_cache: bool) -> None:
    """One sync under cProfile, after a warm-up run: the functions taking the
    most time on their own, and with what they call."""
    use_bytecode_cache(bytecode_cache)
    subject.reset()
    sync(subject.project)
    subject.reset()
    profiler = cProfile.Profile()
    profiler.runcall(sync, subject.project)
    print(f"## cProfile of one sync, {subject.bindings:,} bindings\n")
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
