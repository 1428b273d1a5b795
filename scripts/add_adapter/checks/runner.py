"""Running every check in order and collecting one report."""

from collections.abc import Collection
from dataclasses import dataclass, field

from add_adapter.checks.bindings import (
    port_binding_problems,
    unbound_port_problems,
    unlisted_use_case_problems,
)
from add_adapter.checks.conformance import conformance_problems
from add_adapter.checks.container import check_container
from add_adapter.checks.generated import stale_provider_problems, stale_schema_problems
from add_adapter.checks.resolution import resolve_components
from add_adapter.checks.settings import condition_setting_problems
from add_adapter.introspection.discovery import (
    dotted_name,
    find_ports,
    find_use_cases,
    scan_packages,
)
from add_adapter.introspection.project_imports import activate_project
from add_adapter.paths import Project
from add_adapter.specification.model import Spec
from add_adapter.specification.vocabulary import PORT_PACKAGES


@dataclass
class CheckReport:
    """Problems (one message each), notes, and what was checked."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    binding_count: int = 0
    port_count: int = 0

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        return (
            f"{self.binding_count} bindings, {self.port_count} ports, all checks passed"
        )


def run_checks(
    project: Project, spec: Spec, gaps_allowed: Collection[str] = ()
) -> CheckReport:
    """Checks 1-9 on a valid spec. The container is built last, and only when
    everything else passed: its errors would only repeat what is already
    reported, less readably. A combination of settings in which a port of
    `gaps_allowed` has no binding is a note (see port_binding_problems)."""
    report = CheckReport()
    report.problems += stale_provider_problems(project, spec)
    report.problems += stale_schema_problems(project)

    activate_project(project)
    resolution = resolve_components(spec)
    report.problems += resolution.problems
    report.problems += conformance_problems(resolution.components)

    scan = scan_packages(PORT_PACKAGES)
    report.problems += scan.problems
    ports = find_ports(scan)
    report.problems += unbound_port_problems(ports, resolution.components)
    problems, notes = port_binding_problems(resolution.components, gaps_allowed)
    report.problems += problems
    report.notes += notes
    report.problems += unlisted_use_case_problems(
        find_use_cases(scan), resolution.components
    )
    report.problems += condition_setting_problems(spec)

    bound_ports = {port for entry in resolution.components for port in entry.ports}
    report.binding_count = len(spec.adapters)
    report.port_count = len(bound_ports | {dotted_name(port) for port in ports})

    if report.passed:
        container = check_container(spec)
        report.problems += container.problems
        report.notes += container.notes
    return report
