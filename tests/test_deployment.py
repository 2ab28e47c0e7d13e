"""docker-compose.yml, the Dockerfile and .env.example, checked without a Docker engine:
every service runs a real command, every variable is a real setting, every file copied
exists, and the settings a container gets are valid."""

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from amparo.cli import app
from amparo.settings import ROOT, Settings

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "POSTGRES_USER", "POSTGRES_DB"}  # for the postgres image


def env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, v in pairs if not k.strip().startswith("#")}


def test_the_services_of_production_mode() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"postgres", "redis", "migrate", "api", "worker"}
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert "--appendfsync" in services["redis"]["command"]  # the queue survives restarts
    for name in ("api", "worker"):
        needs = services[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"
        assert needs["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert all("healthcheck" in services[s] for s in ("postgres", "redis"))


@pytest.mark.parametrize("service", ["migrate", "api", "worker"])
def test_every_service_runs_a_real_command(service: str) -> None:
    command = COMPOSE["services"][service]["command"]
    assert command[0] == "amparo"
    result = CliRunner().invoke(app, [*command[1:], "--help"])
    assert result.exit_code == 0, result.output


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${NAME:-default} and ${NAME:?error} with the variables of `env`."""

    def one(found: re.Match[str]) -> str:
        name, kind, rest = found.groups()
        if env.get(name):
            return env[name]
        assert kind == "-", f"compose would refuse to start without {name}: {rest}"
        return rest

    return re.sub(r"\$\{(\w+):([-?])([^}]*)\}", one, value)


def test_every_variable_is_a_setting_and_the_container_settings_load() -> None:
    known = {name.upper() for name in Settings.model_fields}
    example = env_file(ROOT / ".env.example")
    for service in COMPOSE["services"].values():
        for name in service.get("environment") or {}:
            assert name in known | COMPOSE_ONLY, name
    assert set(example) <= known | COMPOSE_ONLY, set(example) - known - COMPOSE_ONLY
    environment = {
        name: interpolate(str(value), example)
        for name, value in COMPOSE["services"]["api"]["environment"].items()
    }
    filled = {k: v for k, v in example.items() if k not in COMPOSE_ONLY and v}
    # As shipped, .env.example's SECRET_KEY is a placeholder, which production refuses.
    with pytest.raises(ValueError, match="SECRET_KEY is unset or the placeholder"):
        Settings(**{k.lower(): v for k, v in {**filled, **environment}.items()})
    filled["SECRET_KEY"] = "a-long-random-value-chosen-by-the-operator"
    settings = Settings(**{k.lower(): v for k, v in {**filled, **environment}.items()})
    assert settings.environment == "production" and settings.trusted_proxies
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.redis_url and not settings.runs_worker_in_api  # workers do the handling
    import psycopg  # noqa: F401 - the driver the URL names is installed
    import redis  # noqa: F401


def test_the_dockerfile_copies_what_exists_and_serves_the_api() -> None:
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
    assert 'CMD ["amparo", "serve"]' in DOCKERFILE and "EXPOSE 8000" in DOCKERFILE
    assert "RUN amparo train" in DOCKERFILE  # containers start without training
    assert "USER amparo" in DOCKERFILE  # not root
    readme = (ROOT / "README.md").read_text()
    assert "docker compose up" in readme


def test_production_secrets_must_be_given() -> None:
    """Issue 14: no database password by default, the API's port on loopback for the TLS
    proxy, and X-Forwarded-For believed only from that proxy."""
    api = COMPOSE["services"]["api"]
    assert api["ports"] == ["127.0.0.1:8000:8000"]
    assert "TRUSTED_PROXIES" in api["environment"]
    for value in (
        COMPOSE["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"],
        api["environment"]["DATABASE_URL"],
    ):
        assert "${POSTGRES_PASSWORD:?" in value
        with pytest.raises(AssertionError, match="refuse to start without POSTGRES_PASSWORD"):
            interpolate(value, {})


def test_the_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [n.upper() for n in Settings.model_fields if f"`{n.upper()}`" not in readme]
    assert missing == []
