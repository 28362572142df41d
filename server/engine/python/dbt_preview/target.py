"""The dbt target a preview renders for, from profiles.yml as dbt reads it: values rendered natively (so
`"{{ env_var('PORT') | as_number }}"` is a number), the database and schema each adapter derives from its
credentials, secrets hidden. With no output of the chosen adapter: placeholders, never a guess."""

import os

from .environment import render_string

UNKNOWN_DATABASE = "<target database>"
UNKNOWN_SCHEMA = "<target schema>"
SECRET_KEYS = ("password", "secret", "token", "private_key", "keyfile_json", "client_secret")


def _database_and_schema(adapter, fields):
    def text(key):
        value = fields.get(key)
        return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None

    if adapter == "duckdb":
        # dbt-duckdb names the database after the file, without its extension; in memory it is "memory".
        path = text("path") or ":memory:"
        database = "memory" if path == ":memory:" else os.path.splitext(os.path.basename(path))[0]
        if text("database"):
            database = text("database")
        return database, text("schema") or "main"
    if adapter in ("postgres", "redshift"):
        return text("dbname") or text("database"), text("schema")
    if adapter == "bigquery":
        return text("project") or text("database"), text("dataset") or text("schema")
    if adapter == "databricks":
        # dbt-databricks uses the Hive metastore when the profile names no catalog.
        return text("catalog") or text("database") or "hive_metastore", text("schema")
    if adapter == "spark":
        return text("schema"), text("schema")
    return text("database"), text("schema")


def placeholder_target(adapter):
    fields = {"type": adapter, "name": "preview", "target_name": "preview", "profile_name": "preview",
              "threads": 1, "database": UNKNOWN_DATABASE, "schema": UNKNOWN_SCHEMA}
    return Target(fields, placeholders=True)


class Target:
    def __init__(self, fields, placeholders=False):
        self.fields = fields
        self.placeholders = placeholders

    @property
    def name(self):
        return self.fields.get("name")

    @property
    def database(self):
        return self.fields.get("database")

    @property
    def schema(self):
        return self.fields.get("schema")


def read_target(profile, adapter, context):
    """`profile` is the profile's entry of profiles.yml as data: {target, outputs}. `context` renders its Jinja."""
    if not isinstance(profile, dict) or not isinstance(profile.get("outputs"), dict):
        return placeholder_target(adapter)

    class Unreadable(Exception):
        pass

    def render(value):
        try:
            return render_string(value, context, native=True, filename="profiles.yml")
        except Exception as e:  # dbt would refuse the profile: the preview falls back to placeholders
            raise Unreadable(str(e)) from e

    try:
        return _chosen_target(profile, adapter, render)
    except Unreadable:
        return placeholder_target(adapter)


def _chosen_target(profile, adapter, render):
    wanted = render(profile.get("target")) if profile.get("target") is not None else None
    chosen = None
    for name, output in profile["outputs"].items():
        if not isinstance(output, dict):
            continue
        kind = render(output.get("type"))
        if kind != adapter:
            continue
        if chosen is None or name == wanted:
            chosen = (name, output)
    if chosen is None:
        return placeholder_target(adapter)
    name, output = chosen
    fields = {}
    for key, value in output.items():
        if not isinstance(key, str):
            continue
        if any(secret in key.lower() for secret in SECRET_KEYS):
            continue  # secrets never reach a template
        fields[key] = render(value) if isinstance(value, str) else value
    database, schema = _database_and_schema(adapter, fields)
    fields.update({"type": adapter, "name": name, "target_name": name, "profile_name": profile.get("name"),
                   "threads": fields.get("threads", 1)})
    fields["database"] = database if database is not None else UNKNOWN_DATABASE
    fields["schema"] = schema if schema is not None else UNKNOWN_SCHEMA
    return Target(fields, placeholders=database is None or schema is None)
