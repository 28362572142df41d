"""`exceptions` as dbt gives it to templates: each raises dbt's CompilationError with dbt's wording."""

from .errors import CompilationError


def _raise(message):
    raise CompilationError(message)


def members():
    return {
        "warn": lambda msg, node=None: "",
        "raise_compiler_error": lambda msg, node=None: _raise(msg),
        "raise_not_implemented": lambda msg: _raise(f"Not implemented: {msg}"),
        "raise_database_error": lambda msg, node=None: _raise(f"Database Error\n  {msg}"),
        "raise_dependency_error": lambda msg: _raise(msg),
        "raise_fail_fast_error": lambda msg, node=None: _raise(msg),
        "missing_config": lambda model, name: _raise(f"Model '{getattr(model, 'unique_id', model)}' does not "
                                                     f"define a required config parameter '{name}'."),
        "missing_materialization": lambda model, adapter_type: _raise(
            f"No materialization was found for adapter {adapter_type}"),
        "missing_relation": lambda relation, model=None: _raise(f"Relation {relation} not found!"),
        "relation_wrong_type": lambda relation, expected_type, model=None: _raise(
            f"Trying to create {expected_type} {relation}, but it currently exists as a {relation.type}."),
        "column_type_missing": lambda column_names: _raise(
            f"Contracted models require data_type to be defined for each column: {column_names}"),
        "raise_contract_error": lambda yaml_columns, sql_columns: _raise(
            "This model has an enforced contract that failed."),
        "raise_ambiguous_alias": lambda node_1, node_2, duped_name=None: _raise(
            f"dbt found two resources with the database representation \"{duped_name}\"."),
        "raise_ambiguous_catalog_match": lambda unique_id, match_1, match_2: _raise(
            f"dbt found two relations in your warehouse for {unique_id}"),
        "raise_cache_inconsistent": lambda message: _raise(f"Cache inconsistency detected: {message}"),
        "raise_dataclass_not_dict": lambda obj: _raise(f"The object (\"{obj}\") was used as a dictionary."),
        "raise_dep_not_found": lambda node, node_description, required_pkg: _raise(
            f"Error while parsing {node_description}.\nThe required package \"{required_pkg}\" was not found."),
        "raise_duplicate_resource_name": lambda node_1, node_2: _raise("dbt found two resources with the same name"),
        "warn_snapshot_timestamp_data_types": lambda *args, **kwargs: "",
    }
