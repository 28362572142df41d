"""Sends one JSON request (stdin) to spark_worker.py's socket and prints its JSON response.

usage: spark_client.py SOCKET < request.json
"""
import socket
import sys

connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
connection.connect(sys.argv[1])
connection.sendall(sys.stdin.buffer.read())
connection.shutdown(socket.SHUT_WR)
while chunk := connection.recv(1 << 16):
    sys.stdout.buffer.write(chunk)
