"""read_csv() of a generated table with the columns its header names: times as TIMESTAMP, the rest text."""
import csv

TIMES = ("timestamp", "received_at", "sent_at")


def columns(path):
    with open(path, newline="") as f:
        return next(csv.reader(f))


def source(folder, table):
    path = f"{folder}/{table}.csv"
    spec = ", ".join(f"'{c}': '{'TIMESTAMP' if c in TIMES else 'VARCHAR'}'" for c in columns(path))
    return f"read_csv('{path}', header=true, columns={{{spec}}})"
