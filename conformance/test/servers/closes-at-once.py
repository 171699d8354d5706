"""A student server that answers as soon as it has read a request's head and then closes at once,
whatever else the client sent (no lingering close, RFC 9112 §9.6): the rest of the request is left
unread, so its kernel ends the connection with a reset. Its answer is sent before the reset; a
client that reads what arrived gets it.
Used by the harness tests. Usage: closes-at-once.py PORT DOCROOT"""
from student_base import Student, main


class ClosesAtOnce(Student):
    # A piece at a time, no further than the head: what follows it stays unread.
    HEAD_RECV = 1024


main(ClosesAtOnce)
