"""A student server that reads the request in 1024-octet pieces and takes a full piece to mean
"more is coming": a request of exactly 1024 octets (or 4096, 8192, 65536) leaves it waiting in
recv() for ever. Deliberately broken. Usage: recv-1024.py PORT DOCROOT"""
from student_base import Student, main


class Recv1024(Student):
    def read_head(self, conn):
        data = b""
        while True:
            chunk = conn.recv(1024)
            data += chunk
            if len(chunk) < 1024:
                break
        return data if b"\r\n\r\n" in data else None


main(Recv1024)
