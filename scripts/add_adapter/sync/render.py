"""Rendering the modules `sync` generates (the provider modules, and the HTTP
clients' settings and Config providers): Jinja2 templates, then the project's
ruff."""

from pathlib import Path

from add_adapter.jinja import render
from add_adapter.paths import DEFAULT_ROOT
from add_adapter.specification.model import Spec
from add_adapter.sync.formatting import format_sources
from add_adapter.sync.provider_views import ProviderModuleView, build_provider_views
from add_adapter.sync.settings_views import SettingsModuleView, build_settings_views


def render_providers(spec: Spec, root: Path = DEFAULT_ROOT) -> dict[Path, str]:
    """The text of every generated provider module, keyed by its path relative
    to `root`, exactly as `sync` writes it (formatted with the ruff and the
    ruff configuration of the project at `root`)."""
    return format_sources(render_unformatted(spec), root)


def render_unformatted(spec: Spec) -> dict[Path, str]:
    """The templates' output before ruff sorts imports and formats it."""
    views: list[ProviderModuleView | SettingsModuleView] = [
        *build_provider_views(spec),
        *build_settings_views(spec),
    ]
    return {view.path: _render_view(view) for view in views}


def _render_view(view: ProviderModuleView | SettingsModuleView) -> str:
    return render(view.template, module=view)
