"""Exchange: a Flask application for a university's international exchange programs."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from config import Config, ProductionConfig, config_from_env


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    config = config or config_from_env()
    if issubclass(config, ProductionConfig):
        config.check()
    app = Flask(
        __name__,
        template_folder="../templates",
        instance_path=str(config.__module__ and _instance_path()),
    )
    app.config.from_object(config)
    # The development database and other local files live here; make sure it exists.
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(overrides)
    if issubclass(config, ProductionConfig):
        app.debug = False

    # The factory imports the app's parts here rather than at the top: every module of the
    # package is imported through this file first, so top-level imports of them would be
    # circular (tests/test_layers.py puts create_app above everything it assembles).
    from exchange import models  # noqa: F401 - registers every table on the metadata
    from exchange.extensions import babel, bootstrap, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_project_dir() / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)

    from exchange.auth.session import configure_login

    configure_login(app)

    from exchange.admin.views import bp as admin_bp
    from exchange.auth.views import bp as auth_bp
    from exchange.coordinator import bp as coordinator_bp
    from exchange.faculty.views import bp as faculty_bp
    from exchange.inbox.views import bp as notices_bp
    from exchange.student.views import bp as student_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(student_bp)
    app.register_blueprint(faculty_bp)
    app.register_blueprint(coordinator_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(notices_bp)

    from exchange.errors import register_error_handlers
    from exchange.templating import register_template_helpers

    register_error_handlers(app)
    register_template_helpers(app)

    from exchange.cli import register_cli

    register_cli(app)

    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)
    return app


def _project_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def _instance_path() -> str:
    return str(_project_dir() / "instance")
