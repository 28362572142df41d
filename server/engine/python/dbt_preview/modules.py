"""`modules` as dbt hands it to templates (datetime, re, itertools, pytz), limited to the names dbt exports. Each is a
plain dict of those names, so no template can walk from a module to the rest of the interpreter."""

import datetime
import itertools
import re

try:
    import pytz
except ImportError:  # the engine bundles pytz; plain test runs may not have it
    pytz = None

try:
    import yaml as _yaml
except ImportError:
    _yaml = None

_ITERTOOLS = ["count", "cycle", "repeat", "accumulate", "chain", "compress", "islice", "starmap", "tee", "zip_longest",
              "product", "permutations", "combinations", "combinations_with_replacement"]


def context_modules():
    modules = {
        "datetime": {name: getattr(datetime, name) for name in ["date", "datetime", "time", "timedelta", "tzinfo"]},
        "re": {name: getattr(re, name) for name in re.__all__ if hasattr(re, name)},
        "itertools": {name: getattr(itertools, name) for name in _ITERTOOLS},
    }
    if pytz is not None:
        modules["pytz"] = {name: getattr(pytz, name) for name in pytz.__all__}
    return modules


def yaml_load(text):
    if _yaml is None:
        raise ValueError("YAML is not available")
    return _yaml.load(text, Loader=_yaml.SafeLoader)


def yaml_dump(value, sort_keys):
    if _yaml is None:
        raise ValueError("YAML is not available")
    return _yaml.safe_dump(data=value, sort_keys=sort_keys)
