"""A student server that writes Content-Length only "if body:", so an empty file goes out with
no length at all (only the close ends it). Deliberately broken. Usage: empty-no-length.py PORT DOCROOT"""
from student_base import Student, main


class EmptyNoLength(Student):
    def head_fields(self, body):
        return [f"Content-Length: {len(body)}"] if body else []


main(EmptyNoLength)
