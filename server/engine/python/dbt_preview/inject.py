"""Ephemeral models' CTEs put in front of a compiled query the way dbt's compiler does it (inject_ctes_into_sql):
sqlparse finds the query's `with` (or its first token when there is none) and the CTEs go right after it."""

import sqlparse


def inject_ctes(sql, ctes):
    if not ctes:
        return sql
    parsed = sqlparse.parse(sql)[0]
    with_token = None
    for token in parsed.tokens:
        if token.is_keyword and token.normalized == "WITH":
            with_token = token
        elif token.is_keyword and token.normalized == "RECURSIVE" and with_token is not None:
            with_token = token
            break
        elif not token.is_whitespace and with_token is not None:
            break
    if with_token is None:
        first = parsed.token_first()
        keyword = sqlparse.sql.Token(sqlparse.tokens.Keyword, "with")
        parsed.insert_before(first, keyword)
        joined = sqlparse.sql.Token(sqlparse.tokens.Keyword, ", ".join(ctes) + " ")
        parsed.insert_after(keyword, joined)
    else:
        joined = sqlparse.sql.Token(sqlparse.tokens.Keyword, ", ".join(ctes))
        parsed.insert_after(with_token, joined)
        parsed.insert_after(joined, sqlparse.sql.Token(sqlparse.tokens.Punctuation, ", "))
    return str(parsed)
