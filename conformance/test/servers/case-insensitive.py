"""A student server that looks names up case-insensitively (as a server written on a
case-insensitive file system behaves): /mixedcase.txt serves MixedCase.txt.
Deliberately broken. Usage: case-insensitive.py PORT DOCROOT"""
import os
from student_base import Student, main


class CaseInsensitive(Student):
    def resolve(self, path):
        here = self.root
        for part in [p for p in path.split("/") if p not in ("", ".")]:
            if part == ".." or not os.path.isdir(here):
                return None
            names = {n.lower(): n for n in os.listdir(here)}
            if part.lower() not in names:
                return None
            here = os.path.join(here, names[part.lower()])
        return here if os.path.isfile(here) else None


main(CaseInsensitive)
