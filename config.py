"""Settings per environment, read from environment variables."""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Let operators write postgres:// or postgresql:// and still get the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'exchange.sqlite'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions end after this much inactivity, and in any case after the absolute limit.
    SESSION_IDLE_TIMEOUT = timedelta(minutes=_env_int("SESSION_IDLE_MINUTES", 30))
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12))
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_TIMEOUT
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 12 * 1024 * 1024)
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which has its own limits
    BOOTSTRAP_SERVE_LOCAL = True
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("en",)

    # Mail: "smtp" talks to MAIL_HOST:MAIL_PORT, "console" writes each message to the log.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_HOST = os.environ.get("MAIL_HOST", "localhost")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_STARTTLS = _env_bool("MAIL_USE_STARTTLS", False)
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 10)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Exchange <exchange@localhost>")
    # Deliver queued mail right after the request that queued it commits; the
    # `flask exchange deliver-mail` command retries whatever is still pending.
    MAIL_SEND_ON_COMMIT = _env_bool("MAIL_SEND_ON_COMMIT", True)
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 8)

    # Tokens in e-mailed links.
    PASSWORD_RESET_HOURS = _env_int("PASSWORD_RESET_HOURS", 2)
    INVITATION_DAYS = _env_int("INVITATION_DAYS", 7)

    # Sign-in throttling: failures allowed per window, per account and per client address.
    LOGIN_WINDOW_MINUTES = _env_int("LOGIN_WINDOW_MINUTES", 15)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = _env_int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5)
    LOGIN_MAX_FAILURES_PER_ADDRESS = _env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)

    # The home institution's grading scale for GPA.
    GPA_SCALE_MAX = float(os.environ.get("GPA_SCALE_MAX", "4.0"))
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    PAGE_SIZE = _env_int("PAGE_SIZE", 20)
    AGREEMENT_MAX_BYTES = _env_int("AGREEMENT_MAX_BYTES", 10 * 1024 * 1024)
    UPLOAD_MAX_BYTES = _env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)  # application documents

    # Faculty visits (Erasmus+ staff mobility): days on site, minimum teaching hours a week
    # (pro rata for shorter stays unless VISIT_TEACHING_PRO_RATA is off), approval chains per
    # visit type (see exchange/visits/chain.py; empty = the defaults).
    VISIT_MIN_DAYS = _env_int("VISIT_MIN_DAYS", 2)
    VISIT_MAX_DAYS = _env_int("VISIT_MAX_DAYS", 60)
    VISIT_MIN_TEACHING_HOURS_PER_WEEK = _env_int("VISIT_MIN_TEACHING_HOURS_PER_WEEK", 8)
    VISIT_TEACHING_PRO_RATA = _env_bool("VISIT_TEACHING_PRO_RATA", True)
    VISIT_APPROVAL_CHAINS: dict = {}


class DevelopmentConfig(Config):
    DEBUG = True
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite:///" + str(INSTANCE_DIR / "test.sqlite"))
    )
    WTF_CSRF_ENABLED = False
    MAIL_BACKEND = "smtp"
    MAIL_HOST = "127.0.0.1"
    MAIL_PORT = 0  # tests point this at their in-process SMTP server
    MAIL_TIMEOUT = 3
    PUBLIC_URL = "http://localhost"


class ProductionConfig(Config):
    DEBUG = False
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls) -> None:
        """Refuse to start without the settings production cannot guess."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                "Production needs these environment variables: " + ", ".join(missing)
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("EXCHANGE_ENV", "development")]
