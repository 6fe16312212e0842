"""Configuration from the environment (and an optional .env file).

Two ways to reach Neo4j:
- NEO4J_URI set: use that server (docker compose, Aura, a cluster); the project starts none.
- NEO4J_URI unset: the project's own local server (graph/localdb.py) on KG_NEO4J_BOLT_PORT.

The local server's credentials are NEO4J_USER/NEO4J_PASSWORD too: on its first start the
password is written as the initial password, so settings and server always agree.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Memory sizes as Neo4j writes them: 512m, 2g, 1024k.
_SIZE_PATTERN = r"^[0-9]+[kKmMgG]$"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # --- the server the project talks to -------------------------------------------------
    neo4j_uri: str | None = Field(
        default=None,
        validation_alias="NEO4J_URI",
        description="External server. Unset: the project's local server on bolt_port.",
    )
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    # Neo4j 5 refuses passwords shorter than 8 characters.
    neo4j_password: str = Field(default="chainkg-local", min_length=8, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")
    neo4j_connect_timeout: float = Field(default=5.0, gt=0, validation_alias="NEO4J_CONNECT_TIMEOUT")

    # --- the local server (graph/localdb.py) ----------------------------------------------
    neo4j_home: Path = Field(
        default=PROJECT_ROOT / ".neo4j" / "home",
        validation_alias="KG_NEO4J_HOME",
        description="Assembled server: lib/ (jars) and plugins/ (APOC). Shared by all instances.",
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / ".data" / "neo4j",
        validation_alias="KG_NEO4J_DATA_DIR",
        description="One server instance: data/, logs/, conf/, run/ (pid file) live below it.",
    )
    bolt_port: int = Field(default=7687, ge=1, le=65535, validation_alias="KG_NEO4J_BOLT_PORT")
    http_port: int = Field(default=7474, ge=1, le=65535, validation_alias="KG_NEO4J_HTTP_PORT")
    listen_host: str = Field(default="127.0.0.1", validation_alias="KG_NEO4J_HOST")
    # 2 cores / 24 GiB: a fixed heap leaves room for the API, the tests' second server and
    # other work; Neo4j's default would take a share of all RAM.
    heap: str = Field(default="2g", pattern=_SIZE_PATTERN, validation_alias="KG_NEO4J_HEAP")
    pagecache: str = Field(default="1g", pattern=_SIZE_PATTERN, validation_alias="KG_NEO4J_PAGECACHE")
    start_timeout: float = Field(default=120.0, gt=0, validation_alias="KG_NEO4J_START_TIMEOUT")
    java: str = Field(default="java", validation_alias="KG_JAVA")
    mvn: str = Field(default="mvn", validation_alias="KG_MVN")

    # --- the API ---------------------------------------------------------------------------
    api_key: str | None = Field(
        default=None,
        validation_alias="KG_API_KEY",
        description="Key required by POST /documents (header X-API-Key). Unset: uploads refused.",
    )

    @field_validator("neo4j_uri", "api_key")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        # NEO4J_URI= / KG_API_KEY= (empty, as docker compose passes an unset variable) means
        # "not set", not "connect to ''" or "the key is the empty string".
        if value is None:
            return None
        return value.strip() or None

    @property
    def uses_local_server(self) -> bool:
        return self.neo4j_uri is None

    @property
    def bolt_uri(self) -> str:
        """The URI the driver uses: NEO4J_URI or the local server's Bolt address."""
        return self.neo4j_uri or f"bolt://{self.listen_host}:{self.bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.neo4j_user, self.neo4j_password)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process; tests build their own ``Settings(...)`` instead."""
    return Settings()
