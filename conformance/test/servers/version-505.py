"""A student server that reads the head up to an empty line, bare LF or CRLF alike, but splits the
request line at CRLF only and checks the version it finds: a request whose lines all end with a
bare LF has "HTTP/1.1\\nHost: ..." as its version and is refused with 505.
Deliberately broken. Usage: version-505.py PORT DOCROOT"""
from student_base import Student, main


class Version505(Student):
    def read_head(self, conn):
        data = b""
        while b"\r\n\r\n" not in data and b"\n\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        return data

    def request_line(self, conn, head):
        parts = head.split(b"\r\n", 1)[0].decode("latin1").split(" ")
        if len(parts) < 3:
            self.respond(conn, 400, "Bad Request", b"bad request\n")
            return None
        if parts[2] not in ("HTTP/1.0", "HTTP/1.1"):
            self.respond(conn, 505, "HTTP Version Not Supported", b"version not supported\n")
            return None
        return parts[0], parts[1]


main(Version505)
