"""What an operator relies on in docker-compose.yml, the Dockerfile and .dockerignore.

No Docker engine is needed: the files are read and checked against the settings they configure.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS_DIR = ROOT / "registry" / "settings"

APP_SERVICES = ("migrate", "web", "worker", "beat")
QUEUES = {"default", "verification", "certificates", "issuance"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile():
    # Join continuation lines so each instruction is one line.
    return DOCKERFILE.read_text().replace("\\\n", " ")


def command_words(service: dict) -> list[str]:
    command = service.get("command", [])
    words = command if isinstance(command, list) else command.split()
    return [word for part in words for word in str(part).split()]


def settings_source() -> str:
    return "\n".join(path.read_text() for path in sorted(SETTINGS_DIR.glob("*.py")))


def test_compose_file_parses_without_obsolete_version_key(compose):
    assert isinstance(compose, dict)
    assert "version" not in compose
    assert {"postgres", "redis", "migrate", "web", "worker", "beat"} <= set(compose["services"])


def test_postgres_and_redis_images_versions_and_health_checks(services):
    postgres, redis = services["postgres"], services["redis"]

    assert postgres["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in postgres["volumes"])

    assert redis["image"].startswith("redis:7")
    assert "redis-cli ping" in " ".join(redis["healthcheck"]["test"])
    assert "--appendonly yes" in " ".join(command_words(redis))
    assert any(volume.endswith(":/data") for volume in redis["volumes"])


def test_web_runs_gunicorn_serving_the_wsgi_application_on_port_8000(services):
    web = services["web"]
    words = command_words(web)

    assert words[0] == "gunicorn"
    assert "registry.wsgi:application" in words
    assert "0.0.0.0:8000" in words
    assert [str(port) for port in web["expose"]] == ["8000"]
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_scale_as_they_are(services, name):
    # `docker compose up --scale web=N` refuses a fixed container name, and N replicas cannot
    # all bind one host port.
    service = services[name]

    assert "container_name" not in service
    assert "ports" not in service
    assert "deploy" not in service or "replicas" not in service["deploy"]


def test_a_proxy_in_front_spreads_requests_over_every_web_replica(compose, services):
    proxy = services["proxy"]
    mounted = {volume.split(":")[1]: volume.split(":")[0] for volume in proxy["volumes"]}
    config = (ROOT / mounted["/etc/nginx/nginx.conf"]).read_text()

    assert proxy["image"].startswith("nginx:")
    assert [str(port) for port in proxy["ports"]] == ["${PROXY_PORT:-8000}:80"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    # Docker's DNS, asked again, so that replicas added later are used too.
    assert re.search(r"resolver 127\.0\.0\.11 valid=\d+s", config)
    assert "set $web http://web:8000;" in config and "proxy_pass $web;" in config
    for header in (
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Forwarded-Proto $scheme",
        "Host $http_host",
    ):
        assert f"proxy_set_header {header};" in config, header
    # The one proxy is trusted, and only it.
    assert compose["x-registry-env"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


def test_worker_consumes_every_queue_the_celery_app_declares(services):
    from registry.celery import QUEUES as declared

    words = command_words(services["worker"])
    assert words[:4] == ["celery", "-A", "registry", "worker"]
    queue_options = [word.split("=", 1)[1] for word in words if word.startswith("--queues=")]
    assert len(queue_options) == 1
    consumed = set(queue_options[0].split(","))
    assert consumed == QUEUES == set(declared)


def test_exactly_one_beat_service_with_a_writable_schedule(services):
    beats = [name for name, service in services.items() if "beat" in command_words(service)]
    assert beats == ["beat"]
    words = command_words(services["beat"])
    assert words[:4] == ["celery", "-A", "registry", "beat"]
    assert "--schedule=/tmp/celerybeat-schedule" in words


def test_migrate_is_one_shot_and_loads_reference_data_after_postgres_is_healthy(services):
    migrate = services["migrate"]
    script = " ".join(command_words(migrate))

    assert "manage.py migrate --noinput" in script
    assert "manage.py load_reference_data" in script
    assert script.index("migrate --noinput") < script.index("load_reference_data")
    assert script.index("load_reference_data") < script.index("grant_application_role")
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate.get("restart", "no") == "no"


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_start_only_on_a_migrated_database_and_healthy_redis(services, name):
    depends_on = services[name]["depends_on"]

    assert depends_on["migrate"]["condition"] == "service_completed_successfully"
    assert depends_on["redis"]["condition"] == "service_healthy"


def test_long_running_services_restart_unless_stopped(services):
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert services[name]["restart"] == "unless-stopped", name


def test_application_services_share_one_environment(compose, services):
    shared = compose["x-registry-env"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"] == shared, name
    # migrate differs only in whom it connects as (the owner) and the role it grants.
    migrate = dict(services["migrate"]["environment"])
    assert set(migrate) - set(shared) == {"APP_DATABASE_USER", "APP_DATABASE_PASSWORD"}
    assert {name: migrate[name] for name in shared if name != "DATABASE_URL"} == {
        name: value for name, value in shared.items() if name != "DATABASE_URL"
    }
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"} <= set(shared)


def test_environment_points_at_the_compose_services_and_never_at_the_embedded_ones(compose):
    # Unset DATABASE_URL / REDIS_URL would make the settings start embedded servers in a container.
    env = compose["x-registry-env"]

    assert re.fullmatch(r"postgresql://[^@]+@postgres:5432/\S+", env["DATABASE_URL"])
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert env["DEBUG"] == "0"
    assert env["MEDIA_ROOT"] == "/app/media"
    for name in ("ALLOWED_HOSTS", "REGISTRY_BASE_URL", "SECURE_SSL_REDIRECT"):
        assert env[name].startswith(f"${{{name}:-"), name


def test_migrations_run_as_the_owner_and_the_application_as_its_own_role(compose, services):
    owner_url = services["migrate"]["environment"]["DATABASE_URL"]
    application_url = compose["x-registry-env"]["DATABASE_URL"]
    postgres_env = services["postgres"]["environment"]
    migrate_env = services["migrate"]["environment"]

    for name in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"):
        assert postgres_env[name] in owner_url, name
    assert postgres_env["POSTGRES_DB"] in application_url
    assert re.fullmatch(
        re.escape(
            f"postgresql://{migrate_env['APP_DATABASE_USER']}:"
            f"{migrate_env['APP_DATABASE_PASSWORD']}@postgres:5432/{postgres_env['POSTGRES_DB']}"
        ),
        application_url,
    )
    assert postgres_env["POSTGRES_USER"] not in application_url
    script = " ".join(command_words(services["migrate"]))
    assert 'grant_application_role "$APP_DATABASE_USER"' in script.replace("$$", "$")
    assert "--password-env APP_DATABASE_PASSWORD" in script


def test_every_shared_environment_variable_is_read_by_the_settings(compose):
    source = settings_source()
    unread = [
        name
        for name in compose["x-registry-env"]
        if not re.search(rf"[\"']{re.escape(name)}[\"']", source)
    ]
    assert unread == [], f"not read by registry/settings: {unread}"


def test_media_volume_is_shared_by_web_and_worker(compose, services):
    assert "media" in compose["volumes"]
    for name in ("web", "worker"):
        assert "media:/app/media" in services[name]["volumes"], name


def test_services_without_a_web_server_disable_the_image_health_check(services):
    # The image's HEALTHCHECK probes /healthz on port 8000, which only the web service serves.
    for name in ("migrate", "worker", "beat"):
        assert services[name]["healthcheck"] == {"disable": True}, name


def test_application_services_run_the_same_image(services):
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1
    for name in APP_SERVICES:
        assert services[name]["build"] == ".", name


def test_dockerfile_base_image_and_weasyprint_libraries(dockerfile):
    assert re.search(r"^FROM python:3\.11-slim-bookworm\b", dockerfile, re.MULTILINE)
    install = next(line for line in dockerfile.splitlines() if "apt-get install" in line)
    assert "--no-install-recommends" in install
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz0b",
        "libharfbuzz-subset0",
        "libfontconfig1",
        "shared-mime-info",
    ):
        assert re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", install), package
    assert "fonts-dejavu-core" in install or "fonts-liberation" in install
    assert "rm -rf /var/lib/apt/lists/*" in install


def test_dockerfile_installs_the_locked_dependencies(dockerfile):
    pip_installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert pip_installs
    for line in pip_installs:
        assert "-c constraints.txt" in line, line
        assert "--no-cache-dir" in line, line
    # The dependency layer is cached: only the manifest and the lock are copied before it.
    copies = [line.strip() for line in dockerfile.splitlines() if line.startswith("COPY")]
    assert copies[0] == "COPY pyproject.toml constraints.txt ./"


def test_dockerfile_collects_static_files_runs_unprivileged_and_serves_gunicorn(dockerfile):
    assert "collectstatic --noinput" in dockerfile
    user = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert user and user[-1].split(":")[0] not in {"root", "0"}
    assert re.search(r"^EXPOSE 8000$", dockerfile, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK .*/healthz", dockerfile, re.MULTILINE)
    cmd = re.findall(r"^CMD (.*)$", dockerfile, re.MULTILINE)[-1]
    assert "gunicorn registry.wsgi:application" in cmd
    assert "0.0.0.0:8000" in cmd
    assert "GUNICORN_WORKERS" in cmd


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image():
    patterns = {
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    # .data holds the development secret key and databases; .env holds the compose secrets.
    assert {".git", ".venv", ".data", ".env", "staticfiles", "tests", "benchmarks"} <= patterns
    # pyproject.toml names README.md as the readme: the install needs it in the context.
    assert "README.md" not in patterns
