"""A student server that lower-cases the path before opening the file, so a file whose name has
capitals (MixedCase.txt) is never found. Deliberately broken. Usage: lowercase-path.py PORT DOCROOT"""
from student_base import Student, main


class LowercasePath(Student):
    def resolve(self, path):
        return super().resolve(path.lower())


main(LowercasePath)
